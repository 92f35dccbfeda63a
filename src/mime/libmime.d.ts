// The part of libmime (no bundled types) that src/mime uses.
declare module 'libmime' {
  const libmime: {
    /** Decodes RFC 2047 encoded words in a header value. */
    decodeWords(value: string): string;
  };
  export default libmime;
}
