import {
  getMetadataStorage,
  type ValidationArguments,
  type ValidationError,
  type ValidatorConstraintInterface,
} from 'class-validator';

/** What a refusal says in place of the client's value: a message must not echo raw input (a secret, injection text). */
export const HIDDEN_VALUE = 'the given value';

type Message = string | ((args: ValidationArguments) => string);

/** One rule that may have produced a constraint's message: its template and, for custom rules, its validator. */
interface Candidate {
  message?: Message;
  constraints: unknown[];
  validator?: ValidatorConstraintInterface;
}

// Per class, `property \0 constraint name` → the rules that report under that name (built once per class).
const candidatesByClass = new WeakMap<object, Map<string, Candidate[]>>();

/**
 * The message of one failed constraint, built again from the rule's template with `$value` (and a message
 * function's or a validator's `args.value`) replaced by {@link HIDDEN_VALUE}. class-validator fills `$value` with
 * the raw argument even in messages of its own decorators (`@Matches(/x/, { message: 'got $value' })`), and its
 * options (`validationError: { value: false }`) only drop the error's `value` field, not the text. The rule is
 * found by rendering each candidate with the real value and comparing with class-validator's message; a message
 * no rule explains is replaced by a neutral one rather than passed on.
 */
export function safeConstraintMessage(error: ValidationError, constraint: string, message: string): string {
  const target = error.target;
  const candidates =
    typeof target === 'object' && target !== null
      ? candidatesFor(target.constructor).get(`${error.property}\0${constraint}`)
      : undefined;
  if (!candidates) {
    // Constraints class-validator adds itself: the whitelist one names the client's key, which the path shows.
    if (constraint === 'whitelistValidation') return 'should not exist';
    return constraint === 'unknownValue' ? message : neutral(constraint);
  }
  const args = (value: unknown, candidate: Candidate): ValidationArguments => ({
    targetName: (target as object).constructor.name,
    property: error.property,
    object: target as object,
    value,
    constraints: candidate.constraints,
  });
  for (const candidate of candidates) {
    if (!hasTemplate(candidate)) continue;
    if (render(candidate, args(error.value, candidate)) === message)
      return render(candidate, args(HIDDEN_VALUE, candidate));
  }
  // A rule without a template (nested validation) reports class-validator's fixed text, naming no value.
  return candidates.some((c) => !hasTemplate(c)) ? message : neutral(constraint);
}

function neutral(constraint: string): string {
  return `failed the ${constraint} rule`;
}

function hasTemplate(candidate: Candidate): boolean {
  return candidate.message !== undefined || typeof candidate.validator?.defaultMessage === 'function';
}

function candidatesFor(cls: Function): Map<string, Candidate[]> {
  let map = candidatesByClass.get(cls);
  if (map) return map;
  map = new Map();
  const storage = getMetadataStorage();
  for (const rule of storage.getTargetValidationMetadatas(cls, '', true, false)) {
    const validators =
      rule.type === 'customValidation' ? storage.getTargetValidatorConstraints(rule.constraintCls) : [];
    const entries =
      validators.length > 0
        ? validators.map((v) => ({ name: v.name || rule.type, validator: v.instance }))
        : [{ name: rule.type, validator: undefined }];
    for (const { name, validator } of entries) {
      const key = `${rule.propertyName}\0${name}`;
      const list = map.get(key) ?? [];
      list.push({ message: rule.message, constraints: rule.constraints, validator });
      map.set(key, list);
    }
  }
  candidatesByClass.set(cls, map);
  return map;
}

/**
 * class-validator's own rendering (ValidationExecutor.createValidationError, then
 * ValidationUtils.replaceMessageSpecialTokens), string replacements included, so that it matches its text.
 */
function render(candidate: Candidate, args: ValidationArguments): string {
  const { message, validator } = candidate;
  let text =
    typeof message === 'function'
      ? message(args)
      : (message ?? (typeof validator?.defaultMessage === 'function' ? validator.defaultMessage(args) : ''));
  if (!text) return '';
  if (Array.isArray(args.constraints))
    args.constraints.forEach((c, i) => {
      text = text.replace(new RegExp(`\\$constraint${i + 1}`, 'g'), constraintText(c));
    });
  const { value } = args;
  if (value !== undefined && value !== null && ['string', 'boolean', 'number'].includes(typeof value))
    text = text.replace(/\$value/g, String(value));
  return text.replace(/\$property/g, args.property).replace(/\$target/g, args.targetName);
}

function constraintText(constraint: unknown): string {
  if (Array.isArray(constraint)) return constraint.join(', ');
  if (typeof constraint === 'symbol') return String(constraint.description);
  return String(constraint);
}
