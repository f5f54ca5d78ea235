import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, writeSync } from 'node:fs';
import { openAuditFile, type AuditWarn } from './secure-open';
import { readHead, readTail, type FileTail } from './tail';

/**
 * An append-only file written with one synchronous `write(2)` per record on a descriptor opened once with
 * O_APPEND. When `append` returns, the bytes are in the kernel's page cache: a SIGKILL of the process
 * cannot lose them (only an OS crash or power loss can; `fsync: true` covers that at a large cost).
 * One writer per file (the caller holds its lock): two processes appending would interleave two chains.
 */
export class AppendFile {
  private fd: number | undefined;
  private bytes: number;

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
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
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
