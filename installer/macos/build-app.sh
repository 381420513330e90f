#!/usr/bin/env bash
# Build, sign, notarise and package Fieldwork.app on a Mac (cannot be run on the Linux build machine).
#
#   installer/macos/build-app.sh "Developer ID Application: Example Org (TEAMID)" notary-profile
#
# 1. installer/build.py builds the one-folder app with the same spec; on macOS the spec also makes
#    dist/Fieldwork.app (BUNDLE: launches fieldwork-app, owns the .fieldwork document type) and
#    smoke-tests the frozen executables headless, exactly as on Linux (no `unshare` on macOS:
#    the offline step is proven on Linux; see installer/README.md).
# 2. Sign inside-out with the hardened runtime and a secure timestamp: every Mach-O file inside the bundle,
#    then the nested frameworks (deepest first), then the command-line executable, and last the app with its
#    entitlements. Never `codesign --deep` to sign: it gives nested code the outer bundle's options.
# 3. Notarise and staple the app (so Gatekeeper accepts it offline), wrap it in a .dmg, sign, notarise and
#    staple that too.
# User data goes to ~/Library/Application Support/Fieldwork and ~/Library/Logs/Fieldwork (platformdirs);
# nothing is written inside the app bundle, so it can live in /Applications or ~/Applications.
set -euo pipefail
cd "$(dirname "$0")/../.."
IDENTITY="${1:?give the Developer ID Application identity}"
NOTARY_PROFILE="${2:?give the notarytool keychain profile (xcrun notarytool store-credentials)}"
ENTITLEMENTS="installer/macos/entitlements.plist"
VERSION="$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')"

.venv/bin/python -m pip install --quiet -e '.[dev,installer]'
.venv/bin/python installer/build.py

APP="dist/Fieldwork.app"
test -d "$APP" || { echo "missing $APP: the spec's BUNDLE step did not run" >&2; exit 1; }

sign() {  # sign [codesign options...] PATH
    codesign --force --options runtime --timestamp --sign "$IDENTITY" "$@"
}

is_macho() {
    file -b "$1" | grep -q "Mach-O"
}

# 1. Every Mach-O file that is not a bundle's main executable: Python and Qt libraries, extension modules,
#    the binaries inside the Qt frameworks. Symbolic links are skipped (their targets are signed).
count=0
while IFS= read -r -d '' file; do
    if is_macho "$file"; then
        sign "$file"
        count=$((count + 1))
    fi
done < <(find "$APP/Contents/Frameworks" "$APP/Contents/Resources" -type f -print0)
echo "signed $count libraries and extension modules"

# 2. Nested bundles (the Qt .framework folders, any helper .app), deepest first, so each seals code that is
#    already signed.
while IFS= read -r -d '' bundle; do
    sign "$bundle"
done < <(find "$APP/Contents/Frameworks" "$APP/Contents/Resources" -depth -type d \
              \( -name "*.framework" -o -name "*.app" \) -print0)

# 3. The executables in Contents/MacOS other than the bundle's main one (fieldwork, the command line).
MAIN="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleExecutable' "$APP/Contents/Info.plist")"
for exe in "$APP"/Contents/MacOS/*; do
    if [ "$(basename "$exe")" != "$MAIN" ] && is_macho "$exe"; then
        sign --entitlements "$ENTITLEMENTS" "$exe"
    fi
done

# 4. The app itself, last: this seals the main executable, Info.plist and resources.
sign --entitlements "$ENTITLEMENTS" "$APP"
# --deep is right for *checking* that every nested signature is valid; only signing must not use it.
codesign --verify --deep --strict --verbose=2 "$APP"

# 5. Notarise the app and staple its ticket, so a copy dragged out of the .dmg opens offline.
ZIP="dist/Fieldwork-$VERSION-notarize.zip"
rm -f "$ZIP"
ditto -c -k --keepParent "$APP" "$ZIP"
xcrun notarytool submit "$ZIP" --keychain-profile "$NOTARY_PROFILE" --wait
xcrun stapler staple "$APP"
rm -f "$ZIP"
spctl --assess --type execute --verbose=2 "$APP"

# 6. The disk image: built from the stapled app, signed, notarised and stapled.
DMG="dist/fieldwork-$VERSION.dmg"
rm -f "$DMG"
hdiutil create -volname "Fieldwork $VERSION" -srcfolder "$APP" -ov -format UDZO "$DMG"
codesign --sign "$IDENTITY" --timestamp "$DMG"
xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
xcrun stapler staple "$DMG"
spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
echo "Built $DMG"
