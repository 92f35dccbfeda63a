// The server's version, as reported by ID and --version.
export const SERVER_VERSION = '0.1.0';
