; Inno Setup 6 script for Fieldwork: a per-user install that needs no administrator rights.
; Built on a Windows machine after `python installer\build.py` has produced and smoke-tested dist\fieldwork:
;
;   ISCC /DAppVersion=0.1.0 /DSourceDir=..\..\dist\fieldwork installer\windows\fieldwork.iss
;
; build.py prints the exact command with the version from pyproject.toml (the one source of the version).
; See installer\README.md for signing and deployment.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=X.Y.Z (installer\build.py prints it)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\fieldwork"
#endif
#define AppName "Fieldwork"
#define AppExe "fieldwork-app.exe"
#define ProgId "Fieldwork.Inspection"

[Setup]
; A fixed AppId keeps upgrades in place; never change it between releases.
AppId={{6F1C2A4E-3B7D-4E55-9A61-2D8C0F4B7E19}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Fieldwork project
VersionInfoVersion={#AppVersion}
; Per-user: no UAC prompt; installs under %LOCALAPPDATA%\Programs and writes only HKCU.
PrivilegesRequired=lowest
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

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller one-folder app (fieldwork.exe for the command line, fieldwork-app.exe windowed).
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{autoprograms}\{#AppName} demo inspection"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; File association, per user (HKCU\Software\Classes, which HKA maps to under PrivilegesRequired=lowest).
Root: HKA; Subkey: "Software\Classes\.fieldwork"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.fieldwork\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Fieldwork inspection"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ User data (inspections, backups, settings, logs) lives in the per-user folders that platformdirs gives
  the app: %LOCALAPPDATA%\Fieldwork (data, settings) and %LOCALAPPDATA%\Fieldwork\Logs. Uninstall keeps
  it unless the user ticks the box; a silent uninstall always keeps it. }
var
  RemoveUserData: Boolean;

function InitializeUninstall(): Boolean;
begin
  RemoveUserData := False;
  if not UninstallSilent() then
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
