// Character classes shared by the argument validators and SafeFs's path check: one definition of what
// "control" and "invisible" mean, so a field, an argument for a child process and a path agree.

/** C0 controls except tab, LF and CR; DEL; C1 controls (U+0085 NEXT LINE included). */
export const CONTROL = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f';
/** Tab, LF, CR. */
export const TAB_AND_NEWLINES = '\\t\\n\\r';
/** U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR: line breaks for JavaScript, JSON viewers and editors. */
export const LINE_SEPARATORS = '\\u2028\\u2029';
/** Bidi embeddings, overrides and isolates: text that reads differently from what it is ("Trojan Source"). */
export const BIDI_OVERRIDES = '\\u202a-\\u202e\\u2066-\\u2069';
/**
 * Characters that show nothing and are not needed by any script: zero-width space, word joiner and invisible
 * operators, the BOM (zero-width no-break space), the Mongolian vowel separator, Hangul fillers and the tag
 * characters used to smuggle hidden ASCII past a human reviewer. ZWJ/ZWNJ (emoji sequences, Indic and Persian
 * text) and LRM/RLM stay allowed.
 */
export const INVISIBLE = '\\u200b\\u2060-\\u2064\\ufeff\\u180e\\u115f\\u1160\\u3164\\u{e0000}-\\u{e007f}';

/** A RegExp that matches any character of the given classes (unicode mode, for the astral tag range). */
export function anyOf(...classes: string[]): RegExp {
  return new RegExp(`[${classes.join('')}]`, 'u');
}
