// RFC 4314 commands on the wire: SETACL (+, -, replace, c/d, negative, anyone), DELETEACL,
// GETACL, LISTRIGHTS, MYRIGHTS, their refusals, and NAMESPACE / CAPABILITY.
import { describe, it } from 'vitest';
import { useAccounts } from './acl-helpers.js';
import { exchange, expectLines, useWireServer } from './helpers.js';

const server = useWireServer();
const as = useAccounts(server, [['bob', 'user'], ['carol', 'user'], ['public', 'shared']]);

describe('ACL commands', () => {
  it('SETACL adds, removes and replaces; c and d are mapped, and GETACL shows them again (RFC 4314 §2.1.1); GETACL lists owner first, then anyone, users, negatives', async () => {
    const a = await as('alice');
    await exchange(a, 'a', 'CREATE acl-1', ['a OK CREATE completed']);
    await exchange(a, 'b', 'GETACL acl-1', ['* ACL acl-1 alice lrswipkxteacd', 'b OK GETACL completed']);
    await exchange(a, 'c', 'SETACL acl-1 bob lr', ['c OK SETACL completed']);
    await exchange(a, 'd', 'SETACL acl-1 bob +cd', ['d OK SETACL completed']);
    await exchange(a, 'e', 'SETACL acl-1 -bob s', ['e OK SETACL completed']);
    await exchange(a, 'f', 'SETACL acl-1 anyone l', ['f OK SETACL completed']);
    await exchange(a, 'g', 'SETACL acl-1 carol "ri"', ['g OK SETACL completed']);
    await exchange(a, 'h', 'GETACL acl-1', ['* ACL acl-1 alice lrswipkxteacd anyone l bob lrkxtecd carol ri -bob s', 'h OK GETACL completed']);
    await exchange(a, 'i', 'SETACL acl-1 bob -kx', ['i OK SETACL completed']);
    await exchange(a, 'j', 'SETACL acl-1 carol ""', ['j OK SETACL completed']);
    await exchange(a, 'k', 'DELETEACL acl-1 -bob', ['k OK DELETEACL completed']);
    await exchange(a, 'l', 'GETACL acl-1', ['* ACL acl-1 alice lrswipkxteacd anyone l bob lrted', 'l OK GETACL completed']);
    // Nothing to delete is fine, also for a name that is no account.
    await exchange(a, 'm', 'DELETEACL acl-1 carol', ['m OK DELETEACL completed']);
    await exchange(a, 'n', 'DELETEACL acl-1 nobody', ['n OK DELETEACL completed']);
  });

  it('refusals: unknown right BAD, unknown identifier and the owner NO [CANNOT], missing mailbox NO [NONEXISTENT]', async () => {
    const a = await as('alice');
    await exchange(a, 'a', 'CREATE acl-2', ['a OK CREATE completed']);
    await exchange(a, 'b', 'SETACL acl-2 bob lrQ', ['b BAD [CLIENTBUG] Unknown right "Q"']);
    await exchange(a, 'c', 'SETACL acl-2 bob +L', ['c BAD [CLIENTBUG] Unknown right "L"']);
    // A right outside visible ASCII is named by its code point: response text stays 7-bit,
    // and a CR or LF sent in a literal never breaks the response line.
    await exchange(a, 'c2', 'SETACL acl-2 bob "l\u00e9"', ['c2 BAD [CLIENTBUG] Unknown right U+00E9']);
    a.write('c3 SETACL acl-2 bob {3+}\r\nl\r\n\r\n');
    expectLines(await a.until('c3'), ['c3 BAD [CLIENTBUG] Unknown right U+000D']);
    await exchange(a, 'd', 'SETACL acl-2 nobody lr', ['d NO [CANNOT] Unknown identifier']);
    await exchange(a, 'e', 'SETACL acl-2 alice l', ["e NO [CANNOT] The owner's rights cannot be changed"]);
    await exchange(a, 'f', 'SETACL acl-2 -alice l', ["f NO [CANNOT] The owner's rights cannot be changed"]);
    await exchange(a, 'g', 'DELETEACL acl-2 alice', ["g NO [CANNOT] The owner's rights cannot be changed"]);
    await exchange(a, 'h', 'GETACL acl-missing', ['h NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(a, 'i', 'SETACL acl-missing bob l', ['i NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(a, 'j', 'MYRIGHTS "Other Users/alice/acl-2"', ['j NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(a, 'k', 'SETACL acl-2', ['k BAD <*>']);
    // RFC 4314 §3: an identifier SASLprep refuses (a control character) or empties is BAD.
    await exchange(a, 'k2', 'SETACL acl-2 {4+}\r\nbob\u0007 lr', ['k2 BAD [CLIENTBUG] Invalid identifier (SASLprep fails or leaves nothing)']);
    await exchange(a, 'k3', 'LISTRIGHTS acl-2 ""', ['k3 BAD [CLIENTBUG] Invalid identifier (SASLprep fails or leaves nothing)']);
    await exchange(a, 'k4', 'DELETEACL acl-2 -', ['k4 BAD [CLIENTBUG] Invalid identifier (SASLprep fails or leaves nothing)']);
    await exchange(a, 'l', 'GETACL acl-2', ['* ACL acl-2 alice lrswipkxteacd', 'l OK GETACL completed']);
  });

  it('LISTRIGHTS: the owner has every right fixed; anyone else may be given each right on its own, c and d included (RFC 4314 §2.1.1)', async () => {
    const a = await as('alice');
    await exchange(a, 'a', 'CREATE acl-3', ['a OK CREATE completed']);
    await exchange(a, 'b', 'LISTRIGHTS acl-3 alice', ['* LISTRIGHTS acl-3 alice lrswipkxteacd', 'b OK LISTRIGHTS completed']);
    await exchange(a, 'c', 'LISTRIGHTS acl-3 bob', ['* LISTRIGHTS acl-3 bob "" l r s w i p k x t e a c d', 'c OK LISTRIGHTS completed']);
    await exchange(a, 'd', 'LISTRIGHTS acl-3 anyone', ['* LISTRIGHTS acl-3 anyone "" l r s w i p k x t e a c d', 'd OK LISTRIGHTS completed']);
    await exchange(a, 'e', 'MYRIGHTS acl-3', ['* MYRIGHTS acl-3 lrswipkxteacd', 'e OK MYRIGHTS completed']);
  });

  it('another user: MYRIGHTS with any of l r i k x a; the rest needs a; invisible is NONEXISTENT, visible NOPERM', async () => {
    const a = await as('alice');
    await exchange(a, 'a', 'CREATE acl-4', ['a OK CREATE completed']);
    const b = await as('bob');
    await exchange(b, 'a', 'MYRIGHTS "Other Users/alice/acl-4"', ['a NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(b, 'b', 'GETACL "Other Users/alice/acl-4"', ['b NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(a, 'b', 'SETACL acl-4 bob i', ['b OK SETACL completed']);
    await exchange(b, 'c', 'MYRIGHTS "Other Users/alice/acl-4"', ['* MYRIGHTS "Other Users/alice/acl-4" i', 'c OK MYRIGHTS completed']);
    await exchange(a, 'c', 'SETACL acl-4 bob lr', ['c OK SETACL completed']);
    await exchange(b, 'd', 'GETACL "Other Users/alice/acl-4"', ['d NO [NOPERM] Permission denied (needs right a)']);
    await exchange(b, 'e', 'LISTRIGHTS "Other Users/alice/acl-4" bob', ['e NO [NOPERM] Permission denied (needs right a)']);
    await exchange(b, 'f', 'SETACL "Other Users/alice/acl-4" bob lrswipkxtea', ['f NO [NOPERM] Permission denied (needs right a)']);
    await exchange(b, 'g', 'DELETEACL "Other Users/alice/acl-4" bob', ['g NO [NOPERM] Permission denied (needs right a)']);
    // A negative entry takes away what anyone and the user's own entry give.
    await exchange(a, 'd', 'SETACL acl-4 anyone lrs', ['d OK SETACL completed']);
    await exchange(a, 'e', 'SETACL acl-4 -bob rs', ['e OK SETACL completed']);
    await exchange(b, 'h', 'MYRIGHTS "Other Users/alice/acl-4"', ['* MYRIGHTS "Other Users/alice/acl-4" l', 'h OK MYRIGHTS completed']);
    // With a, bob administers the ACL, but cannot touch the owner.
    await exchange(a, 'f', 'SETACL acl-4 bob lra', ['f OK SETACL completed']);
    await exchange(b, 'i', 'SETACL "Other Users/alice/acl-4" carol lr', ['i OK SETACL completed']);
    await exchange(b, 'j', 'SETACL "Other Users/alice/acl-4" alice l', ["j NO [CANNOT] The owner's rights cannot be changed"]);
    await exchange(b, 'k', 'GETACL "Other Users/alice/acl-4"', [
      '* ACL "Other Users/alice/acl-4" alice lrswipkxteacd anyone lrs bob lra carol lr -bob rs',
      'k OK GETACL completed',
    ]);
    await exchange(b, 'l', 'LISTRIGHTS "Other Users/alice/acl-4" alice', ['* LISTRIGHTS "Other Users/alice/acl-4" alice lrswipkxteacd', 'l OK LISTRIGHTS completed']);
  });

  it('names: Other Users/<self>/…, unknown accounts and the wrong namespace for a kind name nothing', async () => {
    const a = await as('alice');
    await exchange(a, 'a', 'SETACL INBOX bob lr', ['a OK SETACL completed']);
    const b = await as('bob');
    await exchange(b, 'a', 'MYRIGHTS "Other Users/alice/inbox"', ['* MYRIGHTS "Other Users/alice/INBOX" lr', 'a OK MYRIGHTS completed']);
    await exchange(b, 'b', 'MYRIGHTS "Shared/alice/INBOX"', ['b NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(b, 'c', 'MYRIGHTS "Other Users/bob/INBOX"', ['c NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(b, 'd', 'MYRIGHTS "Other Users/nobody/INBOX"', ['d NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(b, 'e', 'MYRIGHTS "Other Users"', ['e NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(b, 'f', 'MYRIGHTS "Other Users/public/INBOX"', ['f NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(b, 'g', 'MYRIGHTS "Shared/public/INBOX"', ['g NO [NONEXISTENT] Mailbox does not exist']);
  });

  it('NAMESPACE answers the three namespaces; CAPABILITY has ACL and RIGHTS=texk', async () => {
    const a = await as('alice');
    await exchange(a, 'a', 'NAMESPACE', ['* NAMESPACE (("" "/")) (("Other Users/" "/")) (("Shared/" "/"))', 'a OK NAMESPACE completed']);
    await exchange(a, 'b', 'CAPABILITY', ['* CAPABILITY <*> ACL RIGHTS=texk <*>', 'b OK CAPABILITY completed']);
  });
});
