"""Child process for the crash harness: edits through the services and acknowledges each durable commit.

Protocol on stdout, one line each, flushed: "try N KEY VALUE" before an edit, "ack N" once it returned
(that is, once it was committed with synchronous=FULL). The parent may SIGKILL us at any instant.
"""

from __future__ import annotations

import os
import random
import sys

from models.inspection.services import InspectionService

GRADES = ("good", "requires-improvement", "inadequate")
AREAS = ("initial-contact", "investigation", "overall")


def edits(service: InspectionService, seed: int) -> None:
    rng = random.Random(seed)
    refs = [c.ref for c in service.cases()]
    n = 0
    while True:
        n += 1
        ref = rng.choice(refs)
        if rng.random() < 0.5:
            key, value = f"grade|{ref}", rng.choice(GRADES)
            print(f"try {n} {key} {value}", flush=True)
            service.set_grade(ref, "Ann", value)
        else:
            area = rng.choice(AREAS)
            key, value = f"note|{ref}|{area}", f"note-{seed}-{n}-" + "x" * rng.randint(0, 2000)
            print(f"try {n} {key} {value}", flush=True)
            service.set_note(ref, "Ann", area, value)
        print(f"ack {n}", flush=True)


def importing(service: InspectionService, sample: str) -> None:
    from sqlalchemy import event

    # Printed when the import's rows are written and its COMMIT is about to run: the parent can kill there.
    event.listen(service.db.engine, "commit", lambda connection: print("committing", flush=True))
    print("try 1 import", flush=True)
    service.import_sample(sample)
    print("ack 1", flush=True)


def main() -> None:
    mode, path = sys.argv[1], sys.argv[2]
    service = InspectionService.open(path, actor="crash", key_hex=os.environ["FIELDWORK_TEST_KEY"])
    print("ready", flush=True)
    if mode == "edits":
        edits(service, int(sys.argv[3]))
    else:
        importing(service, sys.argv[3])


if __name__ == "__main__":
    main()
