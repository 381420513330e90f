; Inno Setup 6 script for Fieldwork. Per user by default (no administrator rights, %LOCALAPPDATA%\Programs);
; machine-wide into Program Files when the deployment asks for it (/ALLUSERS, or the choice in the wizard).
; Built on a Windows machine, from the repository root, after `python installer\build.py` has produced and
; smoke-tested dist\fieldwork:
;
;   ISCC /DAppVersion=0.1.0 /DSourceDir=..\..\dist\fieldwork installer\windows\fieldwork.iss
;
; build.py prints the exact command with the version from pyproject.toml (the one source of the version).
; SourceDir is relative to this script's folder. To sign at build time, define a sign tool and name it:
;
;   ISCC "/Sfieldworksign=signtool.exe sign /fd SHA256 /td SHA256 /tr <timestamp URL> /sha1 <thumbprint> $f"
;        /DSignToolName=fieldworksign /DAppVersion=... /DSourceDir=... installer\windows\fieldwork.iss
;
; See installer\README.md for signing, Intune, AppLocker/WDAC and upgrades.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=X.Y.Z (installer\build.py prints it)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\fieldwork"
#endif
#define AppName "Fieldwork"
#define AppPublisher "Fieldwork project"
#define AppExe "fieldwork-app.exe"
#define ProgId "Fieldwork.Inspection"
; With a sign tool, every executable and library that is not signed yet (PyInstaller's bootloaders, the Python
; extension modules) is signed before it is compressed in; files signed by their makers (Qt, Python) keep
; their signatures. Without one, nothing is signed and the build still works.
#ifdef SignToolName
  #define SignFlag "signonce"
#else
  #define SignFlag ""
#endif

[Setup]
; A fixed AppId keeps upgrades in place; never change it between releases.
AppId={{6F1C2A4E-3B7D-4E55-9A61-2D8C0F4B7E19}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} setup
; Per user unless asked: no UAC prompt, %LOCALAPPDATA%\Programs\Fieldwork and HKCU. /ALLUSERS on the command
; line (or "Install for all users" in the wizard) installs into Program Files and HKLM instead, which needs
; administrator rights (Intune: install behaviour System). /CURRENTUSER forces the per-user install.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsedUserAreasWarning=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=fieldwork-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; relative to this script's folder (the [Setup] SourceDir default)
SetupIconFile=..\..\resources\icons\fieldwork.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
; Tell Explorer about the new .fieldwork association.
ChangesAssociations=yes
CloseApplications=yes
#ifdef SignToolName
SignTool={#SignToolName}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program folder's libraries whole: a file the new version no longer ships (an old
; Qt library, a removed module) must not be left behind to be loaded or flagged. The executables beside it
; are overwritten; user data never lives under {app}.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The whole PyInstaller one-folder app (fieldwork.exe for the command line, fieldwork-app.exe windowed, the
; libraries in _internal). Executables and libraries first, so a configured sign tool reaches them.
Source: "{#SourceDir}\*.exe"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs {#SignFlag}
Source: "{#SourceDir}\*.dll"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs {#SignFlag}
Source: "{#SourceDir}\*.pyd"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs {#SignFlag}
Source: "{#SourceDir}\*"; Excludes: "*.exe,*.dll,*.pyd"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; Per user, shortcuts start in the user's Documents (where the open and save dialogs begin). Machine-wide,
; the installing account's Documents would mean nothing to the users, so Windows' default applies.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Check: not IsAdminInstallMode
Name: "{autoprograms}\{#AppName} demo inspection"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; WorkingDir: "{userdocs}"; Check: not IsAdminInstallMode
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon; Check: not IsAdminInstallMode
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Check: IsAdminInstallMode
Name: "{autoprograms}\{#AppName} demo inspection"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; Check: IsAdminInstallMode
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon; Check: IsAdminInstallMode

[Registry]
; File association: HKA is HKCU\Software\Classes for a per-user install, HKLM\Software\Classes machine-wide.
Root: HKA; Subkey: "Software\Classes\.fieldwork"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.fieldwork\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Fieldwork inspection"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ User data (inspections, backups, settings, logs) lives in the per-user folders that platformdirs gives
  the app: %LOCALAPPDATA%\Fieldwork (data, settings) and %LOCALAPPDATA%\Fieldwork\Logs. A per-user uninstall
  keeps it unless the user ticks the box; a silent uninstall always keeps it. A machine-wide uninstall never
  touches it: it runs as an administrator (or SYSTEM), whose profile holds no inspector's data. }
var
  RemoveUserData: Boolean;

function InitializeUninstall(): Boolean;
begin
  RemoveUserData := False;
  if not UninstallSilent() and not IsAdminInstallMode() then
    RemoveUserData := MsgBox('Also delete your Fieldwork data on this computer?' + #13#10 + #13#10 +
      'This removes every inspection, backup, setting and log in ' + ExpandConstant('{localappdata}\Fieldwork') +
      '. Inspection files you saved elsewhere are not touched.' + #13#10 + #13#10 +
      'Choose No to keep your data (recommended).',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and RemoveUserData then
    DelTree(ExpandConstant('{localappdata}\Fieldwork'), True, True, True);
end;
