// The "base subject" of RFC 5256 §2.1, which SORT SUBJECT and both THREAD algorithms use,
// and whether extracting it removed a reply or forward marker (RFC 5256 REFERENCES, step 5).
//
// Input is the decoded subject (encoded words already turned into Unicode, step 1's first
// half). The steps, with the ABNF of RFC 5256 §5 (strings in "..." are case-insensitive):
//
//   subj-refwd   = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"
//   subj-blob    = "[" *BLOBCHAR "]" *WSP          ; BLOBCHAR: any CHAR8 but "[" and "]"
//   subj-leader  = (*subj-blob subj-refwd) / WSP
//   subj-trailer = "(fwd)" / WSP
//   subj-fwd-hdr = "[fwd:"   subj-fwd-trl = "]"
//
//   (1) tabs and continuations become spaces; runs of spaces become one space;
//   (2) remove subj-trailers from the end until none is left;
//   (3) remove subj-leaders from the start;
//   (4) remove a leading subj-blob if what is left is a non-empty subj-base;
//   (5) repeat (3) and (4) until neither matches;
//   (6) if the text begins with "[fwd:" and ends with "]", remove both and go back to (2).
//
// The base subject keeps its case: comparisons fold case through the i;unicode-casemap
// collation (src/imap/sort.ts), so "Re: HELLO" and "hello" have equal bases for SORT and
// THREAD but the stored text stays as written.

/** The leading subj-leader: blobs then re/fw/fwd, optional blob, colon; or one WSP. */
const LEADER = /^(?:(?:\[[^[\]]*\][ \t]*)*(?:re|fwd?)[ \t]*(?:\[[^[\]]*\][ \t]*)?:|[ \t])/i;
/** A leading run of subj-blobs, each with the WSP after it. */
const BLOBS = /^(?:\[[^[\]]*\][ \t]*)+/;
const FWD_TRAILER = /\(fwd\)$/i;
const FWD_HEADER = /^\[fwd:/i;

export interface BaseSubjectResult {
  /** The base subject (RFC 5256 §2.1 step 7). */
  base: string;
  /**
   * True if extraction removed a subj-refwd, a "(fwd)" subj-trailer, or a subj-fwd-hdr and
   * subj-fwd-trl: RFC 5256 calls such a message "a reply or forward".
   */
  replyOrForward: boolean;
}

/** RFC 5256 §2.1 base subject extraction, and whether a reply/forward marker was removed. */
export function extractBaseSubject(subject: string): BaseSubjectResult {
  // (1) Tabs and continuations (a line break, with or without the WSP after it) to space,
  // then runs of spaces to one space.
  let s = subject.replace(/\r\n|\r|\n|\t/g, ' ').replace(/ {2,}/g, ' ');
  let replyOrForward = false;

  for (;;) {
    // (2) Trailers: "(fwd)" or WSP at the end, as often as they match.
    for (;;) {
      if (s.endsWith(' ') || s.endsWith('\t')) {
        s = s.slice(0, -1);
      } else if (FWD_TRAILER.test(s)) {
        s = s.slice(0, -5);
        replyOrForward = true;
      } else {
        break;
      }
    }

    // (3)-(5) Leaders and blobs at the start until neither matches.
    for (;;) {
      const leader = LEADER.exec(s);
      if (leader) {
        const text = leader[0];
        if (text !== ' ' && text !== '\t') replyOrForward = true;
        s = s.slice(text.length);
        continue;
      }
      const blobs = BLOBS.exec(s);
      // (4) Only if a non-empty subj-base is left. Trailing WSP is gone after (2), and the
      // blob took the WSP after it, so any non-empty rest is a subj-base. The whole run goes
      // at once: LEADER has just failed on it, so no blob of it starts a leader, and taking
      // one blob per turn rescans the run each time (quadratic on "[a] [a] [a] …"). If the
      // run is all there is, every blob but the last goes.
      if (blobs) {
        const cut = blobs[0].length < s.length ? blobs[0].length : s.lastIndexOf('[');
        if (cut > 0) {
          s = s.slice(cut);
          continue;
        }
      }
      break;
    }

    // (6) "[fwd: ... ]" wrapping: unwrap and start over from (2).
    if (FWD_HEADER.test(s) && s.endsWith(']')) {
      s = s.slice(5, -1);
      replyOrForward = true;
      continue;
    }
    return { base: s, replyOrForward };
  }
}

/** The RFC 5256 §2.1 base subject of a decoded subject. */
export function baseSubject(subject: string): string {
  return extractBaseSubject(subject).base;
}

/**
 * Whether RFC 5256 §2.1 extraction on this (decoded, original) subject removes a subj-refwd,
 * a "(fwd)" trailer, or a "[fwd: ...]" wrapping: the message is then "a reply or forward"
 * for THREAD=REFERENCES (RFC 5256 §3, REFERENCES step 5).
 */
export function isReplyOrForward(subject: string): boolean {
  return extractBaseSubject(subject).replyOrForward;
}
