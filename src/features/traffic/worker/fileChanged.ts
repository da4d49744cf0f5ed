/** A local file that changed under the viewer after it was opened (its records are no longer where they were). */
export class FileChangedError extends Error {
  constructor() {
    super('The file changed since it was opened: open it again.');
  }
}
