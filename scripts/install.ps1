# Install (or upgrade) opencode-sync on Windows:
#   irm https://github.com/opencode-sync/opencode-sync/releases/latest/download/install.ps1 | iex
#   .\install.ps1 [-Version X.Y.Z] [-Prefix DIR] [-Setup]
# The archive is verified against the release's SHA256SUMS before anything is installed.
# OPENCODE_SYNC_DOWNLOAD_URL overrides where releases are fetched from.
param(
  [string]$Version = "",
  [string]$Prefix = (Join-Path $env:LOCALAPPDATA "opencode-sync\bin"),
  [switch]$Setup
)
$ErrorActionPreference = "Stop"

function Fail($message) { Write-Error "opencode-sync install: $message"; exit 1 }

$base = if ($env:OPENCODE_SYNC_DOWNLOAD_URL) { $env:OPENCODE_SYNC_DOWNLOAD_URL.TrimEnd("/") } else { "https://github.com/opencode-sync/opencode-sync/releases" }
$arch = switch ($env:PROCESSOR_ARCHITECTURE) { "AMD64" { "x64" } "ARM64" { "x64" } default { Fail "no build for CPU $($env:PROCESSOR_ARCHITECTURE)" } }
$target = "win-$arch"
$dir = if ($Version) { "$base/download/v$($Version.TrimStart('v'))" } else { "$base/latest/download" }

$tmp = Join-Path ([IO.Path]::GetTempPath()) ("opencode-sync-" + [Guid]::NewGuid())
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
  Invoke-WebRequest -UseBasicParsing -Uri "$dir/SHA256SUMS" -OutFile "$tmp\SHA256SUMS"
  $line = Get-Content "$tmp\SHA256SUMS" | Where-Object { $_ -match "  opencode-sync-\S+-$target\.zip$" } | Select-Object -First 1
  if (-not $line) { Fail "release has no build for $target ($dir)" }
  $expected, $file = $line -split "\s+", 2
  Invoke-WebRequest -UseBasicParsing -Uri "$dir/$file" -OutFile "$tmp\$file"
  $actual = (Get-FileHash -Algorithm SHA256 "$tmp\$file").Hash.ToLowerInvariant()
  if ($actual -ne $expected.ToLowerInvariant()) {
    Fail "checksum mismatch for ${file}: expected $expected, got $actual. Nothing was installed."
  }
  Expand-Archive -Path "$tmp\$file" -DestinationPath "$tmp\x"
  & "$tmp\x\opencode-sync.exe" --version | Out-Null
  New-Item -ItemType Directory -Force -Path $Prefix | Out-Null
  $dest = Join-Path $Prefix "opencode-sync.exe"
  Copy-Item "$tmp\x\opencode-sync.exe" "$dest.new" -Force
  Move-Item "$dest.new" $dest -Force
  Write-Host "installed $(& $dest --version) to $dest"
  if (-not (($env:PATH -split ";") -contains $Prefix)) {
    Write-Host "$Prefix is not on your PATH; add it with: setx PATH `"$Prefix;%PATH%`""
  }
  if ($Setup) { & $dest setup } else { Write-Host "next: opencode-sync login; opencode-sync setup" }
} finally {
  Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
}
