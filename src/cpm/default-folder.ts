// The CPM default folder (OMA CPM Message Storage, Appendix H.1.1): a server METADATA entry
// names the "default" system folder as its full mailbox name followed by the hierarchy
// separator, the way a client would give it to SELECT once the separator is dropped.
//
// Appendix H's example, "/INBOX/CPM2/-=default=-", contradicts its own rule (it starts with a
// separator and does not end with one); with this server's personal namespace ("" and "/") the
// rule gives values such as "CPM/default/". Every new account gets the entry and the folder
// (src/store/users.ts); RENAME of the folder, or of one of its parents, moves the entry with it
// (src/store/metadata.ts). DELETE of the folder leaves the entry as it is: the spec says nothing
// about a missing default folder, and a client that finds none may create it again.

/** The entry (Appendix H, Table 11): a server annotation in /shared/OMNA/OMACPM20. */
export const DEFAULT_FOLDER_ENTRY = '/shared/OMNA/OMACPM20/DefaultFolderLocation';

/** The folder a new account gets unless configured otherwise (`--cpm-default-folder`). */
export const DEFAULT_CPM_FOLDER = 'CPM/default';

export const HIERARCHY_SEPARATOR = '/';

/** The entry's value for a folder: its full name followed by the separator. */
export function defaultFolderValue(folder: string): string {
  return folder + HIERARCHY_SEPARATOR;
}

/** The folder an entry value names, or null if the value is not a name followed by the separator. */
export function folderOfValue(value: string): string | null {
  if (value.length < 2 || !value.endsWith(HIERARCHY_SEPARATOR)) return null;
  const folder = value.slice(0, -1);
  if (folder.startsWith(HIERARCHY_SEPARATOR) || folder.split(HIERARCHY_SEPARATOR).some((level) => level === '')) return null;
  if (/[\x00-\x1f\x7f*%]/.test(folder)) return null;
  return folder;
}

/** Whether `name` is the CPM default-folder entry (entry names are case-insensitive). */
export function isDefaultFolderEntry(name: string): boolean {
  return name.toLowerCase() === DEFAULT_FOLDER_ENTRY.toLowerCase();
}
