#!/usr/bin/env node
// Records Dovecot's answers for the corpus in fixtures/messages/ as fixtures/dovecot/*.json.
//
//   node test/tools/dovecot-reference.mjs                 # starts a throwaway Dovecot itself
//   node test/tools/dovecot-reference.mjs --port 10143    # uses a Dovecot already listening
//                                                         #   (user "test", password "pass")
//
// Needs the Debian package dovecot-imapd (apt-get install -y dovecot-imapd). Without --port it
// writes a temporary configuration under $TMPDIR/dovecot-ref-XXXX (loopback listener on a free
// port, maildir, passwd-file user test/pass, no TLS, everything running as the current user),
// starts `dovecot -F -c <conf>` as a child process, and stops that process at the end.
//
// For each message (appended to INBOX in file-name order, so message NNN is sequence NNN) it
// issues one FETCH per item (see itemsFor in imap-wire.mjs) and stores the exact bytes of the
// value after the item name, or the tagged NO/BAD text when Dovecot refuses the item.
// Then it runs the searches listed below and stores the untagged SEARCH responses.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WireClient, fetchItems, parseValue, sectionPaths, itemsFor, answerName, storeValue, taggedText } from './imap-wire.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = path.join(root, 'fixtures/messages');
const outDir = path.join(root, 'fixtures/dovecot');

/** Fixed INTERNALDATE for message i (1-based), so searches and sizes are reproducible. */
export function internalDate(i) {
  const d = new Date(Date.UTC(2025, 5, 1, 12, 0, 0) + i * 60_000);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}-${mon}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

const lit = (s) => ({ literal: s });
/** The searches recorded in search.json: pieces as WireClient.command takes them. */
export const SEARCHES = [
  ['SUBJECT "lunch"'],
  ['SUBJECT "LUNCH ON"'],
  ['CHARSET UTF-8 SUBJECT ', lit('grüße')],
  ['CHARSET UTF-8 SUBJECT ', lit('Привет')],
  ['CHARSET UTF-8 SUBJECT ', lit('こんにちは')],
  ['CHARSET UTF-8 SUBJECT ', lit('中文邮件')],
  ['CHARSET UTF-8 SUBJECT ', lit('日本語')],
  ['CHARSET UTF-8 SUBJECT ', lit('繁體')],
  ['CHARSET UTF-8 SUBJECT ', lit('€')],
  ['CHARSET UTF-8 SUBJECT ', lit('café')],
  ['CHARSET UTF-8 SUBJECT ', lit('“50% off”')],
  ['CHARSET UTF-8 SUBJECT ', lit('Ünïcödé')],
  ['SUBJECT "adjacent words"'],
  ['SUBJECT "longsubjectend"'],
  ['SUBJECT "qpneedle"'],
  ['CHARSET UTF-8 FROM ', lit('müller')],
  ['CHARSET UTF-8 FROM ', lit('Søren')],
  ['FROM "example.jp"'],
  ['FROM "JDOE@MACHINE"'],
  ['TO "undisclosed"'],
  ['TO "Team A"'],
  ['TO "rcpt29@example.com"'],
  ['CC "cc3@example.net"'],
  ['BCC "secret-bcc-needle"'],
  ['HEADER Conversation-ID "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"'],
  ['HEADER Contribution-ID "ABCDEF-1234"'],
  ['HEADER InReplyTo-Contribution-ID ""'],
  ['HEADER IMDN-Message-ID "654131a654131a654131a654131a8994656"'],
  ['HEADER P-Asserted-Service "filetransfer"'],
  ['HEADER Message-Context "pager-message"'],
  ['CHARSET UTF-8 HEADER Message-Correlator ', lit('correlator é')],
  ['HEADER Message-ID "example.jp"'],
  ['HEADER Received "relay500.example.net"'],
  ['CHARSET UTF-8 HEADER X-Comment ', lit('größe')],
  ['BODY "softbreakneedle"'],
  ['BODY "base64needle"'],
  ['BODY "newsletterneedle"'],
  ['BODY "cataloguneedle"'],
  ['BODY "cpmchatneedle"'],
  ['BODY "digestneedle"'],
  ['BODY "innermostneedle"'],
  ['BODY "groupneedle"'],
  ['BODY "lfneedle"'],
  ['CHARSET UTF-8 BODY ', lit('Grüße')],
  ['CHARSET UTF-8 BODY ', lit('münchen')],
  ['CHARSET UTF-8 BODY ', lit('Здравствуйте')],
  ['CHARSET UTF-8 BODY ', lit('你好')],
  ['CHARSET UTF-8 BODY ', lit('シフト')],
  ['CHARSET UTF-8 BODY ', lit('日本語のメール')],
  ['CHARSET UTF-8 BODY ', lit('Grupp')],
  ['CHARSET UTF-8 BODY ', lit('🎵')],
  ['TEXT "hugeheaderneedle"'],
  ['TEXT "X-Filler-1599"'],
  ['TEXT "innerneedle"'],
  ['TEXT "deepneedle"'],
  ['CHARSET UTF-8 TEXT ', lit('寿司')],
  ['SENTBEFORE 1-Jan-2001'],
  ['SENTON 13-Dec-2000'],
  ['SENTON 10-May-2025'],
  ['SENTSINCE 20-May-2025'],
  ['SENTSINCE 1-Jun-2025'],
  ['LARGER 10000'],
  ['SMALLER 200'],
  ['OR FROM "alice" TO "alice"'],
  ['NOT HEADER Conversation-ID ""'],
  ['CHARSET ISO-8859-1 SUBJECT ', lit(Buffer.from('Genève', 'latin1'))],
  ['CHARSET KOI8-R SUBJECT "x"'],
];

export const renderSearch = (pieces) =>
  pieces.map((p) => (typeof p === 'string' ? p : `{literal ${Buffer.isBuffer(p.literal) ? `latin1:${p.literal.toString('latin1')}` : p.literal}}`)).join('');

// ---------------------------------------------------------------- throwaway Dovecot

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startDovecot() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dovecot-ref-'));
  const port = await freePort();
  // Dovecot refuses to run its login processes, and mail processes, as root: when this runs as
  // root, use the package's unprivileged users (dovenull, dovecot) and "nobody" for the mailbox.
  const me = os.userInfo();
  const asRoot = me.uid === 0;
  const uidOf = (name) => Number(execFileSync('id', ['-u', name]).toString().trim());
  const gidOf = (name) => Number(execFileSync('id', ['-g', name]).toString().trim());
  const mailUser = asRoot ? { name: 'nobody', uid: uidOf('nobody'), gid: gidOf('nobody') } : { name: me.username, uid: me.uid, gid: me.gid };
  fs.mkdirSync(path.join(dir, 'run'));
  fs.mkdirSync(path.join(dir, 'mail'));
  fs.mkdirSync(path.join(dir, 'home'));
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    for (const d of ['mail', 'home']) fs.chownSync(path.join(dir, d), mailUser.uid, mailUser.gid);
  }
  fs.writeFileSync(path.join(dir, 'passwd'), `test:{PLAIN}pass:${mailUser.uid}:${mailUser.gid}::${dir}/home/test::\n`);
  const conf = `# throwaway Dovecot for test/tools/dovecot-reference.mjs
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = dovecot-ref-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
default_internal_user = ${asRoot ? 'dovecot' : me.username}
default_login_user = ${asRoot ? 'dovenull' : me.username}
first_valid_uid = ${Math.min(mailUser.uid, 1)}
first_valid_gid = 0
mail_location = maildir:${dir}/mail/%u
mail_max_userip_connections = 100
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
service auth {
  unix_listener auth-userdb {
    mode = 0666
  }
}
`;
  const confPath = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(confPath, conf);
  const child = spawn('dovecot', ['-F', '-c', confPath], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      const c = await WireClient.connect(port);
      c.close();
      return { port, dir, child };
    } catch {
      /* not yet */
    }
  }
  child.kill('SIGTERM');
  throw new Error(`Dovecot did not start; see ${dir}/dovecot.log`);
}

// ---------------------------------------------------------------- recording

async function main() {
  const argPort = process.argv.indexOf('--port');
  const dovecot = argPort > 0 ? { port: Number(process.argv[argPort + 1]), child: null, dir: null } : await startDovecot();
  const version = execFileSync('dovecot', ['--version']).toString().trim();
  const files = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.eml')).sort();
  let ok = false;
  try {
    const c = await WireClient.connect(dovecot.port);
    await c.next(); // greeting
    const login = await c.command('LOGIN test pass');
    if (!login.tagged.toString().includes(' OK')) throw new Error(`login: ${login.tagged}`);
    // Start from an empty INBOX each time (a reused instance may hold an earlier run).
    await c.command('SELECT INBOX');
    await c.command('STORE 1:* +FLAGS.SILENT (\\Deleted)');
    await c.command('EXPUNGE');
    await c.command('UNSELECT');
    for (const [i, f] of files.entries()) {
      const bytes = fs.readFileSync(path.join(corpusDir, f));
      const r = await c.command([`APPEND INBOX "${internalDate(i + 1)}" `, { literal: bytes }]);
      if (!r.tagged.toString('latin1').includes(' OK')) throw new Error(`APPEND ${f}: ${r.tagged}`);
    }
    const sel = await c.command('SELECT INBOX');
    const exists = sel.responses.map((r) => /^\* (\d+) EXISTS/.exec(r.toString()))?.find(Boolean);
    if (!exists || Number(exists[1]) !== files.length) throw new Error(`INBOX has ${exists?.[1]} messages, expected ${files.length}`);

    fs.mkdirSync(outDir, { recursive: true });
    for (const f of fs.readdirSync(outDir)) if (f.endsWith('.json')) fs.rmSync(path.join(outDir, f));
    let itemCount = 0;
    for (const [i, f] of files.entries()) {
      const seq = i + 1;
      const bsRes = await c.command(`FETCH ${seq} (BODYSTRUCTURE)`);
      const bsItems = fetchItems(bsRes.responses.find((r) => r.toString('latin1').startsWith(`* ${seq} FETCH`)));
      const bs = parseValue(bsItems.items.find(([n]) => n === 'BODYSTRUCTURE')[1], 0).value;
      const items = itemsFor(sectionPaths(bs));
      const record = {};
      for (const item of items) {
        const r = await c.command(`FETCH ${seq} (${item})`);
        const status = r.tagged.toString('latin1').slice(r.tag.length + 1, r.tag.length + 4);
        if (!status.startsWith('OK')) {
          record[item] = taggedText(r.tagged, r.tag);
          continue;
        }
        const fetches = r.responses.map((x) => fetchItems(x)).filter((x) => x && x.seq === seq);
        const all = fetches.flatMap((x) => x.items);
        const want = answerName(item);
        const hit = all.find(([n]) => n.toUpperCase() === want.toUpperCase());
        if (!hit) {
          record[item] = `OK but no ${want} in: ${all.map(([n]) => n).join(' ')}`;
          console.warn(`${f}: ${item}: ${record[item]}`);
          continue;
        }
        record[item] = storeValue(hit[1]);
      }
      itemCount += items.length;
      fs.writeFileSync(path.join(outDir, `${f.replace(/\.eml$/, '')}.json`), JSON.stringify(record, null, 1) + '\n');
    }

    const searches = [];
    for (const pieces of SEARCHES) {
      const r = await c.command(['SEARCH ', ...pieces]);
      const untagged = r.responses.map((x) => x.toString('latin1').replace(/\r\n$/, '')).filter((x) => x.startsWith('* SEARCH'));
      searches.push({
        pieces: pieces.map((p) => (typeof p === 'string' ? p : Buffer.isBuffer(p.literal) ? { literal: { base64: p.literal.toString('base64') } } : { literal: p.literal })),
        command: `SEARCH ${renderSearch(pieces)}`,
        result: untagged[0] ?? null,
        tagged: taggedText(r.tagged, r.tag).replace(/^(OK) .*/, '$1'),
      });
    }
    fs.writeFileSync(path.join(outDir, 'search.json'), JSON.stringify({ dovecot: version, searches }, null, 1) + '\n');
    await c.command('LOGOUT').catch(() => {});
    c.close();
    console.log(`Dovecot ${version}: ${files.length} messages, ${itemCount} FETCH items, ${searches.length} searches -> ${path.relative(process.cwd(), outDir)}`);
    ok = true;
  } finally {
    if (dovecot.child) {
      dovecot.child.kill('SIGTERM');
      await new Promise((r) => dovecot.child.once('exit', r));
      if (ok) fs.rmSync(dovecot.dir, { recursive: true, force: true });
      else console.error(`Dovecot's log and configuration are kept in ${dovecot.dir}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
