"""Opening, creating and unlocking inspection files for the desktop; each becomes an InspectionController."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.controllers.inspection import InspectionController
from desktop.laptop import paths
from desktop.laptop.passphrases import PassphrasePrompt
from desktop.laptop.secrets import KeyStore, Unlocker
from models.errors import FieldworkError
from models.files import write_atomically

if TYPE_CHECKING:
    from desktop.laptop.settings import Settings
    from models.inspection.services import InspectionService
    from models.team.identity import Identity, IdentityCard


class SessionController:
    """The files this desktop opens, as the current user; unlocking follows the one policy of the CLI."""

    def __init__(self, user: str, prompt: PassphrasePrompt | None = None, store: KeyStore | None = None) -> None:
        self.user = user
        self.unlocker = Unlocker(store or KeyStore(), prompt=prompt, retry=True)

    @property
    def prompt(self) -> PassphrasePrompt | None:
        return self.unlocker.prompt

    @prompt.setter
    def prompt(self, prompt: PassphrasePrompt | None) -> None:
        self.unlocker.prompt = prompt

    def open(self, path: Path) -> InspectionController:
        """Keyring or environment first; otherwise ask, again after a wrong passphrase."""
        return self._controller(self.unlocker.open(path, self.user))

    def _controller(self, service: InspectionService) -> InspectionController:
        # an inspector's copy: its grades and audit events are that inspector's, whatever name this
        # laptop's settings hold, or the return package would leave the grades out
        owner = service.fieldwork_owner()
        if owner is not None:
            service.actor = owner
        return InspectionController(service, owner or self.user)

    def create(self, path: Path, passphrase: str, *, force_name: str, force_term: str, framework: str,
               dates: tuple[date, date] | None = None) -> InspectionController:
        from models.inspection.services import InspectionService

        service = InspectionService.create(path, passphrase, force_name=force_name, actor=self.user,
                                           framework=framework, force_term=force_term, dates=dates)
        self.unlocker.remember(path, service.key_hex)
        return InspectionController(service, self.user)

    def open_fieldwork(self, package: Path, lead_card: IdentityCard, lead_fingerprint: str, path: Path,
                       passphrase: str, before_create: Callable[[], None] | None = None) -> InspectionController:
        """An inspector's own inspection file, made from the lead's fieldwork package; before_create runs
        once the identity, the fingerprint and the package have all been checked."""
        from models.team.exchange import open_fieldwork
        from models.team.identity import check_read_aloud
        from models.team.packages import read_package_file

        identity = self.laptop_identity()
        if identity is None:
            raise FieldworkError("Opening a fieldwork package needs this laptop's inspector identity, the one "
                                 "whose card your lead registered. Create it with Team ▸ My identity card….")
        check_read_aloud(lead_card, lead_fingerprint, "do not trust this card")
        service = open_fieldwork(read_package_file(package), identity, lead_card, path, passphrase,
                                 origin=Path(package).name, before_create=before_create)
        self.unlocker.remember(path, service.key_hex)
        return InspectionController(service, identity.name)

    def open_demo(self) -> InspectionController:
        """The demo inspection in the user's data folder, created on first use."""
        return InspectionController(open_demo(self.user), self.user)

    # -- this laptop's identity ---------------------------------------------------------------------

    def laptop_identity(self) -> Identity | None:
        """This laptop's inspector identity; an unreadable one raises, never looks like none."""
        from desktop.laptop.first_run import laptop_identity

        return laptop_identity()

    def identity_creator(self, settings: Settings) -> Callable[[str, str], Identity]:
        """Creates and keeps this laptop's identity, and makes its name the user's name in settings."""
        from desktop.laptop.first_run import laptop_identity_creator

        return laptop_identity_creator(settings)

    def identity_file_options(self, settings: Settings) -> dict[str, object]:
        """What the identity dialog needs to keep an identity in a passphrase-protected file, or choose an
        existing one: whether the keyring works, the default file, and the two hooks (both Qt-free)."""
        from desktop.laptop.first_run import choose_identity_file, file_identity_creator
        from desktop.laptop.identity_store import keyring_available

        return {"keyring_works": keyring_available(), "default_identity_file": paths.default_identity_file(),
                "create_file_identity": lambda path, passphrase: file_identity_creator(settings, path, passphrase),
                "choose_identity_file": lambda path, passphrase: choose_identity_file(settings, path, passphrase)}

    def save_card(self, identity: Identity, target: Path) -> None:
        """The public identity card, for the lead (written atomically: never half a card on a USB stick)."""
        write_atomically(target, identity.card.to_bytes())


def open_demo(actor: str = "demo") -> InspectionService:
    """Open the demo inspection in the user's data folder, creating it on first use."""
    from models.inspection.demo import DEMO_PASSPHRASE, create_demo
    from models.inspection.services import InspectionService

    path = paths.demo_file()
    passphrase = Unlocker(KeyStore()).explicit_passphrase() or DEMO_PASSPHRASE
    if not path.exists():
        return create_demo(path, passphrase, actor=actor)
    return InspectionService.open(path, actor=actor, passphrase=passphrase)
