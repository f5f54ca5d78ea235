/** Resolves once the process with this pid is gone (polled: it need not be our child). */
export async function exited(pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`server ${pid} did not exit`);
}
