-- Prosody config of the server smoke tests (not the operator's rendering): client and
-- component ports on loopback, no server-to-server port, data and logs in the test's folder.
pidfile = "{{dir}}/prosody.pid"
data_path = "{{dir}}/data"
certificates = "{{dir}}/certs"
log = { { levels = { min = "info" }, to = "console" } }

interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { {{clientPort}} }
c2s_direct_tls_ports = { }
s2s_ports = { }
component_ports = { {{componentPort}} }

ssl = {
  certificate = "{{dir}}/certs/tls.crt";
  key = "{{dir}}/certs/tls.key";
}
c2s_require_encryption = true
authentication = "internal_hashed"
storage = "internal"
allow_registration = false
admins = { "{{admin}}" }

modules_enabled = {
  "roster";
  "saslauth";
  "tls";
  "disco";
  "ping";
  "posix";
}

VirtualHost "{{domain}}"

Component "conference.{{domain}}" "muc"
  restrict_room_creation = false

Component "{{gatewayHost}}"
  component_secret = "{{componentSecret}}"
