import { findKnownSecrets } from './detect';
import { shannonEntropy } from './entropy';

// Letter-case and letter/digit changes: a random token changes every few characters, a name only at word starts.
function transitions(s: string): number {
  const kind = (c: string) => (/[a-z]/.test(c) ? 1 : /[A-Z]/.test(c) ? 2 : /\d/.test(c) ? 3 : 0);
  let n = 0;
  for (let i = 1; i < s.length; i++) if (kind(s[i]) !== kind(s[i - 1])) n++;
  return n;
}

/**
 * True when a would-be secret NAME looks like a secret VALUE (a known token format, a long hex string, or a long
 * random-looking run of mixed case and digits), i.e. the user probably pasted the value where the name goes.
 * Names such as `GITHUB_TOKEN`, `OPENAI_API_KEY_2024` or `dbPasswordV2` are not.
 */
export function looksLikeSecretValue(name: string): boolean {
  if (findKnownSecrets(name).length > 0) return true;
  const longest = name.split(/[_.-]+/).reduce((a, b) => (b.length > a.length ? b : a), '');
  if (/^[0-9a-f]{24,}$/i.test(longest) && /\d/.test(longest) && /[a-f]/i.test(longest)) return true;
  return (
    longest.length >= 16 &&
    /[a-z]/.test(longest) &&
    /[A-Z]/.test(longest) &&
    /\d/.test(longest) &&
    transitions(longest) >= longest.length / 2 &&
    shannonEntropy(longest) >= 3.5
  );
}
