import { ErrorCode, RpcError } from '@marie/protocol';
import { describe, expect, it, vi } from 'vitest';
import { FakeDisk } from './fakeDisk.test-support.js';
import { StringBuffer } from './textBuffer.js';
import { TextDocument } from './textDocument.js';

async function openDoc(content = 'one\n', path = '/w/a.txt') {
  const disk = new FakeDisk();
  disk.put(path, content);
  const file = await disk.read({ path });
  const buffer = new StringBuffer({ text: file.content, eol: file.eol });
  const doc = new TextDocument(disk, path, file, buffer);
  const type = (text: string) => buffer.setText(text, file.eol);
  return { disk, doc, buffer, type, path };
}

describe('TextDocument', () => {
  it('tracks dirty against the saved version and saves with the expected etag', async () => {
    const { disk, doc, type, path } = await openDoc();
    expect(doc.snapshot.dirty).toBe(false);
    type('two\n');
    expect(doc.snapshot.dirty).toBe(true);
    const etag = doc.snapshot.etag;
    expect(await doc.save()).toEqual({ status: 'saved' });
    expect(disk.writes[0]).toMatchObject({ path, content: 'two\n', encoding: 'utf8', eol: '\n', expectedEtag: etag });
    expect(disk.writes[0]!.force).toBeUndefined();
    expect(doc.snapshot).toMatchObject({ dirty: false, disk: 'inSync', saving: false });
    expect(doc.snapshot.etag).not.toBe(etag);
    expect(await doc.save()).toEqual({ status: 'unchanged' });
  });

  it('fires a change only when the visible state changes, not on every keystroke', async () => {
    const { doc, type } = await openDoc();
    const seen: boolean[] = [];
    doc.onDidChange((s) => seen.push(s.dirty));
    type('a');
    type('ab');
    type('abc');
    expect(seen).toEqual([true]);
  });

  it('keeps edits typed during a save dirty', async () => {
    const { disk, doc, type } = await openDoc();
    let release!: () => void;
    disk.hold = new Promise((r) => (release = r));
    type('two\n');
    const saving = doc.save();
    await vi.waitFor(() => expect(disk.writes).toHaveLength(1));
    expect(doc.snapshot.saving).toBe(true);
    type('three\n');
    release();
    await saving;
    expect(disk.writes[0]!.content).toBe('two\n');
    expect(doc.snapshot.dirty).toBe(true);
  });

  it('a failed save keeps the buffer dirty and reports the error', async () => {
    const { disk, doc, type, buffer } = await openDoc();
    type('precious\n');
    disk.failNextWrite = new RpcError(ErrorCode.DiskFull, 'The disk is full');
    expect(await doc.save()).toEqual({ status: 'failed', error: { code: 'E_DISK_FULL', message: 'The disk is full' } });
    expect(doc.snapshot.dirty).toBe(true);
    expect(buffer.getText()).toBe('precious\n');
    expect(await doc.save()).toEqual({ status: 'saved' });
  });

  it('save into a changed file → conflict; keep mine writes with force', async () => {
    const { disk, doc, type, path } = await openDoc();
    type('mine\n');
    disk.put(path, 'theirs\n');
    expect(await doc.save()).toEqual({ status: 'conflict' });
    expect(doc.snapshot).toMatchObject({ disk: 'conflict', dirty: true, theirs: 'theirs\n' });
    expect(await doc.keepMine()).toEqual({ status: 'saved' });
    expect(disk.writes.at(-1)!.force).toBe(true);
    expect(disk.files.get(path)!.content).toBe('mine\n');
    expect(doc.snapshot).toMatchObject({ disk: 'inSync', dirty: false, theirs: undefined });
  });

  it('take theirs reloads the disk text and becomes clean', async () => {
    const { disk, doc, type, buffer, path } = await openDoc();
    type('mine\n');
    disk.put(path, 'theirs\n');
    await doc.checkDisk();
    expect(doc.snapshot.disk).toBe('conflict');
    await doc.takeTheirs();
    expect(buffer.getText()).toBe('theirs\n');
    expect(doc.snapshot).toMatchObject({ disk: 'inSync', dirty: false });
    type('more\n');
    expect(await doc.save()).toEqual({ status: 'saved' });
  });

  it('changed on disk while clean reloads silently', async () => {
    const { disk, doc, buffer, path } = await openDoc();
    const seen: boolean[] = [];
    doc.onDidChange((s) => seen.push(s.dirty));
    disk.put(path, 'new\n');
    await doc.checkDisk();
    expect(buffer.getText()).toBe('new\n');
    expect(doc.snapshot).toMatchObject({ dirty: false, disk: 'inSync' });
    expect(seen).not.toContain(true);
  });

  it('changed on disk while dirty goes into conflict; identical text is no conflict', async () => {
    const { disk, doc, type, path } = await openDoc();
    type('same\n');
    disk.put(path, 'other\n');
    await doc.checkDisk();
    expect(doc.snapshot.disk).toBe('conflict');
    disk.put(path, 'same\n');
    await doc.checkDisk();
    expect(doc.snapshot).toMatchObject({ disk: 'inSync', dirty: false });
  });

  it('ignores the echo of its own write', async () => {
    const { disk, doc, type } = await openDoc();
    type('two\n');
    await doc.save();
    const reads = disk.writes.length;
    await doc.checkDisk();
    expect(doc.snapshot).toMatchObject({ disk: 'inSync', dirty: false });
    expect(disk.writes.length).toBe(reads);
  });

  it('deleted on disk is marked; saving recreates the file without an etag', async () => {
    const { disk, doc, path } = await openDoc();
    disk.remove(path);
    await doc.checkDisk();
    expect(doc.snapshot).toMatchObject({ disk: 'deleted', dirty: false });
    expect(await doc.save()).toEqual({ status: 'saved' });
    expect(disk.writes.at(-1)!.expectedEtag).toBeUndefined();
    expect(disk.files.get(path)!.content).toBe('one\n');
    expect(doc.snapshot.disk).toBe('inSync');
  });

  it('a save that finds the file gone recreates it once', async () => {
    const { disk, doc, type, path } = await openDoc();
    type('keep\n');
    disk.remove(path);
    expect(await doc.save()).toEqual({ status: 'saved' });
    expect(disk.files.get(path)!.content).toBe('keep\n');
  });

  it('large files are read-only with reduced features and never write', async () => {
    const disk = new FakeDisk();
    disk.put('/w/big.log', 'x');
    disk.large.add('/w/big.log');
    const file = await disk.read({ path: '/w/big.log' });
    const doc = new TextDocument(disk, '/w/big.log', file, new StringBuffer({ text: file.content, eol: file.eol }));
    expect(doc.snapshot).toMatchObject({ readonly: true, reducedFeatures: true });
    expect(await doc.save({ force: true })).toEqual({ status: 'readonly' });
    expect(disk.writes).toHaveLength(0);
  });

  it('keeps CRLF files CRLF', async () => {
    const { disk, doc, type } = await openDoc('a\r\nb\r\n');
    expect(doc.snapshot.eol).toBe('\r\n');
    type('a\nb\nc\n');
    await doc.save();
    expect(disk.writes[0]).toMatchObject({ content: 'a\r\nb\r\nc\r\n', eol: '\r\n' });
  });
});
