# Sourced by the rclone tests after dav_server.sh: the remote S: on /dav/ as cab-editor, with
# the vendor $RCLONE_VENDOR (other, owncloud...), and rclone giving up at the first error.
export RCLONE_CONFIG=/dev/null
export RCLONE_CONFIG_S_TYPE=webdav RCLONE_CONFIG_S_URL=$DAV_URL
export RCLONE_CONFIG_S_VENDOR=${RCLONE_VENDOR:?set RCLONE_VENDOR}
export RCLONE_CONFIG_S_USER=cab-editor
RCLONE_CONFIG_S_PASS=$(rclone obscure cab-editor-password)
export RCLONE_CONFIG_S_PASS
rclone() { command rclone --retries 1 --low-level-retries 1 "$@"; }
