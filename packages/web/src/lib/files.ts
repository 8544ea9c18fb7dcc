/** Files dropped or picked, folders walked (drag and drop gives entries, a folder picker gives files with paths). */
export type Picked = { file: File; path: string };

type Entry = FileSystemEntry;

function readEntries(reader: FileSystemDirectoryReader): Promise<Entry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: Entry, out: Picked[], prefix = ""): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path: `${prefix}${file.name}` });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most 100 at a time: call until it returns none.
    for (;;) {
      const batch = await readEntries(reader);
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, out, `${prefix}${entry.name}/`);
    }
  }
}

/** Every file of a drop, folders included, skipping hidden files (names starting with a dot). */
export async function filesOfDrop(data: DataTransfer): Promise<Picked[]> {
  const out: Picked[] = [];
  const entries = Array.from(data.items)
    .map((item) => (item.kind === "file" ? item.webkitGetAsEntry() : null))
    .filter((e): e is Entry => e !== null);
  if (entries.length > 0) for (const e of entries) await walk(e, out);
  else for (const file of Array.from(data.files)) out.push({ file, path: file.name });
  return out.filter((p) => !p.path.split("/").some((part) => part.startsWith(".")));
}

export function filesOfInput(list: FileList | null): Picked[] {
  return Array.from(list ?? [])
    .map((file) => ({ file, path: file.webkitRelativePath || file.name }))
    .filter((p) => !p.path.split("/").some((part) => part.startsWith(".")));
}
