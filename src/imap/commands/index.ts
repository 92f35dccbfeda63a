// The command table: every command the parser can produce, mapped to its descriptor.
import type { CommandTable } from '../command.js';
import { append } from './append.js';
import { authenticate } from './authenticate.js';
import { capability } from './capability.js';
import { check } from './check.js';
import { close } from './close.js';
import { copy } from './copy.js';
import { create } from './create.js';
import { del } from './delete.js';
import { deleteacl } from './deleteacl.js';
import { enable } from './enable.js';
import { expunge } from './expunge.js';
import { fetch } from './fetch.js';
import { getacl } from './getacl.js';
import { getmetadata } from './getmetadata.js';
import { id } from './id.js';
import { idle } from './idle.js';
import { list } from './list.js';
import { listrights } from './listrights.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { myrights } from './myrights.js';
import { namespace } from './namespace.js';
import { noop } from './noop.js';
import { notify } from './notify.js';
import { rename } from './rename.js';
import { search } from './search.js';
import { select } from './select.js';
import { setacl } from './setacl.js';
import { setmetadata } from './setmetadata.js';
import { sort } from './sort.js';
import { starttls } from './starttls.js';
import { status } from './status.js';
import { store } from './store.js';
import { subscribe } from './subscribe.js';
import { thread } from './thread.js';

export const commands: CommandTable = {
  CAPABILITY: capability,
  NOOP: noop,
  LOGOUT: logout,
  STARTTLS: starttls,
  LOGIN: login,
  AUTHENTICATE: authenticate,
  ID: id,
  ENABLE: enable,
  NAMESPACE: namespace,
  SELECT: select,
  EXAMINE: select,
  CREATE: create,
  DELETE: del,
  RENAME: rename,
  SUBSCRIBE: subscribe,
  UNSUBSCRIBE: subscribe,
  LIST: list,
  LSUB: list,
  STATUS: status,
  APPEND: append,
  IDLE: idle,
  CHECK: check,
  CLOSE: close,
  UNSELECT: close,
  EXPUNGE: expunge,
  'UID EXPUNGE': expunge,
  SEARCH: search,
  SORT: sort,
  THREAD: thread,
  FETCH: fetch,
  STORE: store,
  COPY: copy,
  MOVE: copy,
  GETMETADATA: getmetadata,
  SETMETADATA: setmetadata,
  NOTIFY: notify,
  SETACL: setacl,
  DELETEACL: deleteacl,
  GETACL: getacl,
  LISTRIGHTS: listrights,
  MYRIGHTS: myrights,
};
