/**
 * Text that reaches a terminal or a shell from data we do not control:
 * detector names from a handshake or someone else's scores.jsonl, file
 * names, a reproduce command pasted back into a shell.
 */

// C0 and C1 controls and DEL, except tab and newline: ESC and BEL would let a name repaint the screen.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text with control characters (ESC, BEL, CR, ...) shown as `\xNN`, so it cannot drive the terminal. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One argument quoted for a POSIX shell: as is when plainly safe, else single-quoted. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_\/.:=@%+,-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line that pastes back into a POSIX shell as exactly these arguments. */
export function shellCommand(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}
