import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { readTail, type FileTail } from './tail';

/**
 * An append-only file written with one synchronous `write(2)` per record on a descriptor opened once with
 * O_APPEND. When `append` returns, the bytes are in the kernel's page cache: a SIGKILL of the process
 * cannot lose them (only an OS crash or power loss can; `fsync: true` covers that at a large cost).
 * One writer per file: two processes appending to one file would interleave two chains.
 */
export class AppendFile {
  private fd: number | undefined;
  private size: number;

  constructor(
    readonly path: string,
    private readonly fsync = false,
  ) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // a+ = O_APPEND | O_RDWR | O_CREAT: append, read the tail on open, truncate a torn last line.
    this.fd = openSync(path, 'a+', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  /** The last complete line and any torn fragment after it. */
  tail(): FileTail {
    return readTail(this.requireFd(), this.size);
  }

  /** Cuts the file back to `length` bytes (removes a torn last line). */
  truncate(length: number): void {
    ftruncateSync(this.requireFd(), length);
    this.size = length;
  }

  /**
   * Writes all of `data` or throws. If a write fails half-way (disk full), the partial bytes are cut off
   * again so the next record does not continue a torn line.
   */
  append(data: string | Buffer): void {
    const fd = this.requireFd();
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const before = this.size;
    let written = 0;
    try {
      while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written);
      if (this.fsync) fdatasyncSync(fd);
    } catch (error) {
      if (written > 0 && written < buf.length && fstatSync(fd).size === before + written)
        ftruncateSync(fd, before);
      throw error;
    }
    this.size = before + written;
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
