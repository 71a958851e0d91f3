type Expect =
  | 'value'
  | 'value-or-end'
  | 'key'
  | 'key-or-end'
  | 'colon'
  | 'comma-or-end'
  | 'done';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const LITERALS = ['true', 'false', 'null'];
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** Index after the string starting at `start` (a `"`), or `{ error }` at the bad character. */
function scanString(text: string, start: number): number | { error: number } {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      return i + 1;
    }
    if (c < 0x20) {
      return { error: i };
    }
    if (c === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          return { error: i };
        }
        i += 6;
        continue;
      }
      if (next === undefined || !ESCAPES.has(next)) {
        return { error: i };
      }
      i += 2;
      continue;
    }
    i++;
  }
  return { error: text.length };
}

/**
 * The offset of the first JSON syntax error in `text`, or `undefined` when it is valid.
 * Used only after JSON.parse failed, because V8's messages do not always give a position.
 * Iterative, so deep nesting cannot overflow the stack.
 */
export function jsonErrorOffset(text: string): number | undefined {
  const stack: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const afterValue = (): Expect => (stack.length > 0 ? 'comma-or-end' : 'done');
  for (;;) {
    WHITESPACE.lastIndex = i;
    WHITESPACE.test(text);
    i = WHITESPACE.lastIndex;
    if (i >= text.length) {
      return expect === 'done' ? undefined : i;
    }
    const c = text[i];
    switch (expect) {
      case 'value':
      case 'value-or-end':
        if (expect === 'value-or-end' && c === ']') {
          stack.pop();
          i++;
          expect = afterValue();
        } else if (c === '{' || c === '[') {
          stack.push(c);
          i++;
          expect = c === '{' ? 'key-or-end' : 'value-or-end';
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') {
            return end.error;
          }
          i = end;
          expect = afterValue();
        } else {
          const at = i;
          const literal = LITERALS.find(l => text.startsWith(l, at));
          NUMBER.lastIndex = i;
          if (literal) {
            i += literal.length;
          } else if (NUMBER.test(text)) {
            i = NUMBER.lastIndex;
          } else {
            return i;
          }
          expect = afterValue();
        }
        break;
      case 'key':
      case 'key-or-end':
        if (expect === 'key-or-end' && c === '}') {
          stack.pop();
          i++;
          expect = afterValue();
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') {
            return end.error;
          }
          i = end;
          expect = 'colon';
        } else {
          return i;
        }
        break;
      case 'colon':
        if (c !== ':') {
          return i;
        }
        i++;
        expect = 'value';
        break;
      case 'comma-or-end': {
        const open = stack[stack.length - 1];
        if (c === ',') {
          i++;
          expect = open === '{' ? 'key' : 'value';
        } else if (c === (open === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          expect = afterValue();
        } else {
          return i;
        }
        break;
      }
      default:
        return i;
    }
  }
}
