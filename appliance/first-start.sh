#!/bin/sh
# synaps-first-start: run by synaps-server.service before each start, as the synaps user.
# When the settings name a TLS certificate and key (synaps.tls.certificate, synaps.tls.private_key)
# that do not exist yet, writes a self-signed certificate there (valid ten years, for this
# host's name), so that HTTPS works on the first start; replace it with the administration's own
# certificate later. Does nothing otherwise. The `admin` account is created by the server itself.
set -eu

config=${SYNAPS_SYSTEM_CONFIG:-/etc/synaps/synaps.properties}

# The last value a settings file gives `key` (conf.d files after the main one, in name order).
setting() {
  for file in "$config" "$(dirname "$config")"/conf.d/*.properties; do
    [ -r "$file" ] && sed -n "s/^[[:space:]]*$1[[:space:]]*[=:][[:space:]]*//p" "$file"
  done | tail -n 1 | sed 's/[[:space:]]*$//'
}

certificate=$(setting 'synaps\.tls\.certificate')
key=$(setting 'synaps\.tls\.private_key')
if [ -n "$certificate" ] && [ -n "$key" ] && [ ! -e "$certificate" ] && [ ! -e "$key" ]; then
  host=$(hostname -f 2>/dev/null || hostname)
  mkdir -p "$(dirname "$certificate")" "$(dirname "$key")"
  umask 077
  openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj "/CN=$host" \
    -addext "subjectAltName=DNS:$host,DNS:localhost,IP:127.0.0.1" \
    -keyout "$key" -out "$certificate" 2>/dev/null
  echo "synaps-first-start: wrote a self-signed certificate for $host to $certificate"
fi
