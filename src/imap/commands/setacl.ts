// SETACL (RFC 4314 §3.1): `+rights` adds to an entry, `-rights` removes from it, bare rights
// replace it (empty rights remove the entry). Needs `a`. An unknown right letter and an
// identifier SASLprep refuses are BAD (RFC 4314 §3, §3.1), checked first, since they make the
// command malformed whatever the mailbox.
import { AUTHENTICATED, bad, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { parseIdentifier, resolveGrantee } from '../acl-identifier.js';
import { isResult, locateMailbox, NONEXISTENT } from '../mailbox-lookup.js';
import { canonicalRights, parseRights, refusal } from '../rights.js';

export const setacl: CommandSpec<CommandOf<'SETACL'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const mode = command.rights.startsWith('+') ? 'add' : command.rights.startsWith('-') ? 'remove' : 'replace';
    const rights = parseRights(mode === 'replace' ? command.rights : command.rights.slice(1));
    if ('unknown' in rights) return bad(`Unknown right ${describeChar(rights.unknown)}`, 'CLIENTBUG');
    const parsed = parseIdentifier(command.identifier);
    if (isResult(parsed)) return parsed;
    const mailbox = await locateMailbox(session, command.mailbox);
    if (!mailbox) return NONEXISTENT;
    const refused = refusal(mailbox.rights, 'a', NONEXISTENT);
    if (refused) return refused;
    const identifier = await resolveGrantee(session, mailbox, parsed);
    if (identifier === null) return no('Unknown identifier', 'CANNOT');
    if (isResult(identifier)) return identifier;
    const { granteeId, negative } = identifier;
    let next = rights;
    if (mode !== 'replace') {
      const entry = (await session.store.getAcl(mailbox.id)).find((e) => e.granteeId === granteeId && e.negative === negative);
      const current = new Set(entry?.rights ?? '');
      next = mode === 'add' ? new Set([...current, ...rights]) : new Set([...current].filter((r) => !rights.has(r)));
    }
    await session.store.setAcl(mailbox.id, granteeId, negative, canonicalRights(next));
    return ok('SETACL completed');
  },
};

/**
 * The offending character, safe inside response text (RFC 3501 `text`: 7-bit, no CR or LF): a
 * visible ASCII character quoted, anything else as its code point.
 */
function describeChar(ch: string): string {
  if (/^[\x21-\x7e]$/.test(ch)) return `"${ch}"`;
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
