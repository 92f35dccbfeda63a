// What APPEND learns about a message, once, and stores beside the blob: the byte-offset
// MIME tree (for BODYSTRUCTURE and BODY[section]), the ENVELOPE, and the decoded fields that
// SEARCH, SORT and THREAD index. Everything here is plain JSON so the store can keep it.

/** An address as ENVELOPE shows it (RFC 3501 §7.4.2); group syntax uses mailbox/host null. */
export interface EnvelopeAddress {
  name: string | null;
  adl: string | null;
  mailbox: string | null;
  host: string | null;
}

/** ENVELOPE fields, raw header text (not decoded), as RFC 3501 and Dovecot show them. */
export interface Envelope {
  date: string | null;
  subject: string | null;
  from: EnvelopeAddress[] | null;
  sender: EnvelopeAddress[] | null;
  replyTo: EnvelopeAddress[] | null;
  to: EnvelopeAddress[] | null;
  cc: EnvelopeAddress[] | null;
  bcc: EnvelopeAddress[] | null;
  inReplyTo: string | null;
  messageId: string | null;
}

/** One MIME entity, with byte offsets into the stored message. */
export interface MimePart {
  /** Offsets of the header block (start inclusive, end exclusive, including the empty line). */
  headerStart: number;
  headerEnd: number;
  /** Offsets of the body. */
  bodyStart: number;
  bodyEnd: number;
  /** Lower-case media type and subtype, e.g. "text", "plain". */
  type: string;
  subtype: string;
  /**
   * The type and subtype exactly as the header wrote them, present only when they differ from
   * `type`/`subtype` in case: BODYSTRUCTURE shows them as sent, as Dovecot does.
   */
  sentType?: string;
  sentSubtype?: string;
  /**
   * Content-Type parameters as Dovecot shows them: names and values as sent, RFC 2231
   * continuations joined; an extended (charset'lang'%XX) value stays encoded under a name ending
   * in "*". `paramValue()` in params.ts gives a decoded value.
   */
  params: Array<[string, string]>;
  id: string | null;
  description: string | null;
  /** Content-Transfer-Encoding as sent (compare case-insensitively); "7bit" when absent or invalid. */
  encoding: string;
  /** Body size in octets. */
  size: number;
  /** Line ends (LF) in the body; counted for text/* and message/rfc822 parts, 0 for others. */
  lines: number;
  md5: string | null;
  disposition: { type: string; params: Array<[string, string]> } | null;
  language: string[] | null;
  location: string | null;
  /** Children of a multipart (empty when no boundary was found). Absent on a leaf, including a
   *  multipart beyond the nesting limit, which is kept as an opaque leaf as Dovecot does. */
  parts?: MimePart[];
  /** For message/rfc822 and message/global: the encapsulated message (absent beyond the nesting limit). */
  message?: { envelope: Envelope; root: MimePart };
}

/** Decoded text for SEARCH, SORT and THREAD. */
export interface MessageIndex {
  /** Decoded Subject (encoded words resolved), or '' when absent. */
  subject: string;
  /** Sent date from the Date: header, ms since the epoch, or null if missing/unparseable. */
  sentDate: number | null;
  /** Decoded address headers, as display text ("Name <addr>", joined with ", "). */
  from: string;
  to: string;
  cc: string;
  bcc: string;
  /** First address of From / To (RFC 5256 sort keys): mailbox part, and display name. */
  fromAddr: string;
  toAddr: string;
  ccAddr: string;
  fromDisplay: string;
  toDisplay: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Every top-level header field: lower-case name and decoded, unfolded value. */
  headers: Array<[string, string]>;
  /** Decoded text of the text/* parts (charset converted, transfer encoding undone), for TEXT/BODY. */
  bodyText: string;
}

export interface ParsedMessage {
  root: MimePart;
  envelope: Envelope;
  index: MessageIndex;
}
