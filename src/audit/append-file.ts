import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, writeSync } from 'node:fs';
import { openAuditFile, type AuditWarn } from './secure-open';
import { readHead, readTail, type FileTail } from './tail';

const EMPTY = Buffer.alloc(0);
/** Larger batches (rare: huge args summaries, many records) get a buffer of their own. */
const MAX_SCRATCH = 1024 * 1024;

/**
 * An append-only file written with one synchronous `write(2)` per record on a descriptor opened once with
 * O_APPEND. When `append` returns, the bytes are in the kernel's page cache: a SIGKILL of the process
 * cannot lose them (only an OS crash or power loss can; `fsync: true` covers that at a large cost).
 * One writer per file (the caller holds its lock): two processes appending would interleave two chains.
 */
export class AppendFile {
  private fd: number | undefined;
  private bytes: number;
  private scratch = EMPTY;

  constructor(
    readonly path: string,
    private readonly fsync = false,
    warn: AuditWarn = () => {},
  ) {
    // O_APPEND | O_RDWR | O_CREAT, no symlinks, regular files only, 0600 (secure-open.ts); the caller has
    // checked the directory (secureDirectory) before taking the lock in it.
    this.fd = openAuditFile(path, warn, { dirChecked: true });
    this.bytes = fstatSync(this.fd).size;
  }

  /** Bytes in the file (as this writer knows them). */
  get size(): number {
    return this.bytes;
  }

  /** The first complete line, or undefined (for the file's age). */
  head(): string | undefined {
    return readHead(this.requireFd(), this.bytes);
  }

  /** The last complete line and any torn fragment after it. */
  tail(): FileTail {
    return readTail(this.requireFd(), this.bytes);
  }

  /** Cuts the file back to `length` bytes (removes a torn last line). */
  truncate(length: number): void {
    ftruncateSync(this.requireFd(), length);
    this.bytes = length;
  }

  /**
   * Writes all of `data` or throws. If a write fails half-way (disk full), the partial bytes are cut off
   * again so the next record does not continue a torn line.
   */
  append(data: string | Buffer): void {
    const fd = this.requireFd();
    const buf = typeof data === 'string' ? this.encode(data) : data;
    const before = this.bytes;
    let written = 0;
    try {
      while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written);
      if (this.fsync) fdatasyncSync(fd);
    } catch (error) {
      if (written > 0 && written < buf.length && fstatSync(fd).size === before + written)
        ftruncateSync(fd, before);
      throw error;
    }
    this.bytes = before + written;
  }

  /**
   * `data` as UTF-8 in a buffer kept between batches (a batch of 32 records is ~15 kB: one allocation outside
   * the heap per write otherwise). Grown to the worst case, 3 bytes per UTF-16 unit, so the write never truncates.
   */
  private encode(data: string): Buffer {
    if (data.length * 3 > this.scratch.length)
      this.scratch = Buffer.allocUnsafe(Math.min(Math.max(data.length * 3, 64 * 1024), MAX_SCRATCH));
    if (data.length * 3 > this.scratch.length) return Buffer.from(data, 'utf8');
    return this.scratch.subarray(0, this.scratch.write(data, 0, 'utf8'));
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  get closed(): boolean {
    return this.fd === undefined;
  }

  private requireFd(): number {
    if (this.fd === undefined) throw new Error(`audit log ${this.path} is closed`);
    return this.fd;
  }
}
