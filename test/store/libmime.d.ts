// TEMPORARY, with mime-stub.ts: libmime ships no types.
declare module 'libmime' {
  const libmime: { decodeWords(text: string): string };
  export default libmime;
}
