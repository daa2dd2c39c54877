/** Runs async sections one at a time (read-modify-write of records shared by the loop and the HTTP routes). */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve()

  async run<T> (section: () => Promise<T>): Promise<T> {
    const run = this.tail.then(section, section)
    this.tail = run.catch(() => {})
    return await run
  }
}
