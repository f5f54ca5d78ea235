/** An in-memory note store: the service the notes tools share through dependency injection. */
export interface Note {
  id: number;
  title: string;
  body: string;
  tags: string[];
}

export class NotesStore {
  private readonly notes = new Map<number, Note>();
  private nextId = 1;

  constructor() {
    this.add('Welcome', 'This server shows secure-mcp: validated input, read-only tools, clear errors.', [
      'intro',
    ]);
    this.add('Shopping', 'Milk, bread, coffee.', ['home']);
  }

  add(title: string, body: string, tags: string[]): Note {
    const note = { id: this.nextId++, title, body, tags };
    this.notes.set(note.id, note);
    return note;
  }

  get(id: number): Note | undefined {
    return this.notes.get(id);
  }

  search(query: string, tag?: string): Note[] {
    const q = query.toLowerCase();
    return [...this.notes.values()].filter(
      (n) =>
        (n.title.toLowerCase().includes(q) || n.body.toLowerCase().includes(q)) &&
        (!tag || n.tags.includes(tag)),
    );
  }
}
