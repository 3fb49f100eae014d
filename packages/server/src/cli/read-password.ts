import { CliFailure } from './cli-failure.js';

/** The whole of stdin, minus one trailing newline (`printf %s "$PW" | tessera users add --password-stdin`). */
export async function readPasswordFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Prompts on the terminal without echoing. Refuses when stdin is not a terminal (use --password-stdin). */
export function promptPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return Promise.reject(new CliFailure('no terminal to prompt on: pass the password with --password-stdin', 2));
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let input = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(input);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new CliFailure('cancelled', 130));
        if (char === '\u007f' || char === '\b') input = [...input].slice(0, -1).join('');
        else input += char;
      }
    };
    stdin.on('data', onData);
  });
}
