// Shared bits of the ACL tests (RFC 4314): a logged-in session with its own tag counter, the
// rights alphabet, and the names a mailbox has for its owner and for other users.
import { expect } from 'vitest';
import { RawClient } from '../support/imap-client.js';

/** Every standard right, in the order RFC 4314 §2.1 lists them (and MYRIGHTS/GETACL answer in). */
export const RIGHTS = 'lrswipkxtea';

/** Every right as MYRIGHTS and ACL responses show it: RIGHTS, then the virtual `c` and `d`. */
export const ALL_RIGHTS_SHOWN = 'lrswipkxteacd';

/** Rights as a sorted string in RIGHTS order, for comparing two sets of rights. */
export function canonical(rights: Iterable<string>): string {
  const set = new Set(rights);
  return [...RIGHTS].filter((r) => set.has(r)).join('');
}

/**
 * Rights as a MYRIGHTS or ACL response must show them (RFC 4314 §2.1.1, with this server's
 * c = k and d = x t e): RIGHTS order, then `c` when `k` is there and `d` when any of `x t e`
 * is. Written here on its own, not taken from src/, so the tests check the server's rule.
 */
export function shown(rights: Iterable<string>): string {
  const set = new Set(rights);
  const c = set.has('k') ? 'c' : '';
  const d = set.has('x') || set.has('t') || set.has('e') ? 'd' : '';
  return `${canonical(set)}${c}${d}`;
}

/** How `owner`'s mailbox `name` is spelt by every other user (contract: "Other Users/<owner>/<name>"), quoted. */
export function otherUsers(owner: string, name: string): string {
  return `"Other Users/${owner}/${name}"`;
}

/** One logged-in session: commands get tags of their own so a response never matches the wrong command. */
export class Peer {
  private tags = 0;

  private constructor(
    readonly raw: RawClient,
    readonly user: string,
    private readonly prefix: string,
  ) {}

  static async login(port: number, user: string, password: string): Promise<Peer> {
    const raw = await RawClient.connect(port);
    await raw.next();
    const got = await raw.command('L', `LOGIN ${user} ${password}`);
    expect(got[got.length - 1], `LOGIN ${user}`).toMatch(/^L OK /);
    return new Peer(raw, user, user[0]!);
  }

  nextTag(): string {
    return `${this.prefix}${++this.tags}`;
  }

  /** Sends a command; every response up to the tagged one, CRLF removed. */
  async run(command: string): Promise<{ untagged: string[]; tagged: string }> {
    const tag = this.nextTag();
    const got = (await this.raw.command(tag, command)).map((line) => line.replace(/\r\n$/, ''));
    const tagged = got.pop()!;
    return { untagged: got, tagged: tagged.slice(tag.length + 1) };
  }

  /** Sends a command that must succeed (set-up and checks by the owner). */
  async must(command: string): Promise<string[]> {
    const { untagged, tagged } = await this.run(command);
    if (!tagged.startsWith('OK')) throw new Error(`${this.user}: ${command} -> ${tagged}`);
    return untagged;
  }

  /** APPEND with LITERAL+ (RFC 7888); the tagged response without its tag. */
  async append(mailbox: string, text: string, flags = ''): Promise<string> {
    const tag = this.nextTag();
    this.raw.write(`${tag} APPEND ${mailbox} ${flags ? `(${flags}) ` : ''}{${Buffer.byteLength(text)}+}\r\n${text}\r\n`);
    const got = await this.raw.until(tag);
    return got[got.length - 1]!.replace(/\r\n$/, '').slice(tag.length + 1);
  }

  close(): void {
    this.raw.close();
  }
}

/** A small RFC 5322 message (CRLF line ends). */
export function message(subject: string): string {
  return `From: alice@example.com\r\nSubject: ${subject}\r\n\r\nHello.\r\n`;
}

/** The flags in the first `FLAGS (...)` of a FETCH response, or null when there is none. */
export function fetchedFlags(line: string): string[] | null {
  const m = /FLAGS \(([^)]*)\)/.exec(line);
  if (!m) return null;
  return m[1]!.split(' ').filter((f) => f !== '');
}
