#!/bin/sh
# ctest package/info_and_contents: the control data and the files of the .deb.
# Usage: check_deb.sh BUILD_DIR
set -eu
deb=$(cat "$1/package-test/deb")
fail=0
expect() {  # expect WHAT PATTERN TEXT: TEXT must match the extended regex PATTERN
  if ! printf '%s\n' "$3" | grep -Eq -- "$2"; then
    echo "FAIL: $1 (no line matching /$2/)"
    fail=1
  fi
}

info=$(dpkg-deb --info "$deb")
printf '%s\n' "$info"
expect "package name" '^ Package: lanyard$' "$info"
expect "version with the git commit" '^ Version: [0-9.]+\+git[0-9]+\.[0-9a-f]+$' "$info"
# dpkg-shlibdeps found the libraries the binary links; adduser is the one named by hand.
for lib in libc6 'libstdc\+\+6' libsqlite3-0 libssl3 libsystemd0 libcurl4 libzip4 'libcmark0[.0-9]*' \
           'libcpp-httplib0[.0-9]*'; do
  expect "dependency $lib from dpkg-shlibdeps" "^ Depends: (.*, )?$lib( \\(>= [^)]+\\))?(,|\$)" "$info"
done
expect "adduser dependency" '^ Depends: .*\badduser\b' "$info"
for script in postinst prerm postrm conffiles md5sums; do
  expect "control file $script" "lines +\\*? +$script( |\$)" "$info"
done
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)
expect "/etc/default/lanyard is a conffile" '^/etc/default/lanyard$' "$conffiles"

contents=$(dpkg-deb --contents "$deb")
printf '%s\n' "$contents"
expect "the binary" '^-rwxr-xr-x root/root .* \./usr/bin/lanyard$' "$contents"
expect "the man page" '^-rw-r--r-- root/root .* \./usr/share/man/man1/lanyard\.1\.gz$' "$contents"
expect "the unit" '^-rw-r--r-- root/root .* \./lib/systemd/system/lanyard\.service$' "$contents"
expect "the env file, root only (it may hold the SMTP password)" \
  '^-rw------- root/root .* \./etc/default/lanyard$' "$contents"
expect "copyright" '\./usr/share/doc/lanyard/copyright$' "$contents"
expect "changelog" '\./usr/share/doc/lanyard/changelog\.gz$' "$contents"
expect "low port drop-in example" '\./usr/share/doc/lanyard/examples/low-port\.conf$' "$contents"

# The man page is the CLI's help: every command and every environment variable is in it.
man=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/man/man1/lanyard.1.gz | gzip -dc)
for cmd in serve "admin create" migrate backup restore "export attendees" "draw verify" demo version; do
  expect "man page documents 'lanyard $cmd'" "lanyard $cmd" "$man"
done
for var in LANYARD_DATA LANYARD_LISTEN LANYARD_TLS LANYARD_BASE_URL LANYARD_THREADS; do
  expect "man page names $var" "$var" "$man"
done
exit $fail
