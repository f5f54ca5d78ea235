/** The input of a tool declared without `input`: no arguments (an empty object, or none at all). */
export class NoArguments {}
