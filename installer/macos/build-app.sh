#!/usr/bin/env bash
# Build, sign and package Fieldwork.app on a Mac (cannot be run on the Linux build machine).
#
#   installer/macos/build-app.sh "Developer ID Application: Example Org (TEAMID)" notary-profile
#
# 1. installer/build.py builds the one-folder app with the same spec; on macOS the spec also makes
#    dist/Fieldwork.app (BUNDLE: launches fieldwork-app, owns the .fieldwork document type) and
#    smoke-tests the frozen executables headless, exactly as on Linux (no `unshare` on macOS:
#    the offline step is proven on Linux; see installer/README.md).
# 2. codesign with the hardened runtime, notarise with notarytool, staple, and wrap in a .dmg.
# User data goes to ~/Library/Application Support/Fieldwork and ~/Library/Logs/Fieldwork (platformdirs);
# nothing is written inside the app bundle, so it can live in /Applications or ~/Applications.
set -euo pipefail
cd "$(dirname "$0")/../.."
IDENTITY="${1:?give the Developer ID Application identity}"
NOTARY_PROFILE="${2:?give the notarytool keychain profile (xcrun notarytool store-credentials)}"
VERSION="$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')"

.venv/bin/python -m pip install --quiet -e '.[dev,installer]'
.venv/bin/python installer/build.py

APP="dist/Fieldwork.app"
test -d "$APP" || { echo "missing $APP: the spec's BUNDLE step did not run" >&2; exit 1; }
codesign --force --deep --options runtime --timestamp --sign "$IDENTITY" "$APP"
codesign --verify --deep --strict --verbose=2 "$APP"

DMG="dist/fieldwork-$VERSION.dmg"
rm -f "$DMG"
hdiutil create -volname "Fieldwork $VERSION" -srcfolder "$APP" -ov -format UDZO "$DMG"
codesign --sign "$IDENTITY" --timestamp "$DMG"
xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
xcrun stapler staple "$DMG"
echo "Built $DMG"
