#!/usr/bin/python3
"""Compare what systemd's own unit loader made of the rendered units with
the values the templates were given.

usage: check_dump.py VALUES.json SERVICE_DUMP QUADLET_DUMP|-

A dump is `systemd --test` output for one unit: "Environment: NAME=value"
lines and "Command Line: argv" (argv quoted by systemd's quote_command_line,
before the `$$` -> `$` substitution systemd does at exec time)."""
import json
import sys


def parse_command_line(text):
    """Words of a "Command Line:" as systemd prints them: bare, or in double
    quotes with \\ escapes of ", \\, `, $ and C escapes for control bytes."""
    words, i = [], 0
    simple = {'n': '\n', 't': '\t', 'r': '\r', 'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v'}
    while i < len(text):
        while i < len(text) and text[i] == ' ':
            i += 1
        if i >= len(text):
            break
        word, quoted = '', False
        while i < len(text) and (quoted or text[i] != ' '):
            c = text[i]
            if c == '"':
                quoted = not quoted
                i += 1
            elif c == '\\' and i + 1 < len(text):
                n = text[i + 1]
                if n in simple:
                    word += simple[n]
                    i += 2
                elif n == 'x':
                    word += chr(int(text[i + 2:i + 4], 16))
                    i += 4
                else:
                    word += n
                    i += 2
            else:
                word += c
                i += 1
        words.append(word)
    return words


def exec_time(word):
    """What systemd passes at exec time: `$$` is `$`; any other `$` would be
    a variable reference, which none of the values may produce."""
    out, i = '', 0
    while i < len(word):
        if word[i] == '$':
            if word[i + 1:i + 2] != '$':
                raise ValueError('unescaped $ in %r' % word)
            out += '$'
            i += 2
        else:
            out += word[i]
            i += 1
    return out


def command_lines(dump):
    return [l.split('Command Line: ', 1)[1] for l in dump.split('\n') if 'Command Line: ' in l]


def main():
    values = json.load(open(sys.argv[1]))['values']
    failures = []

    def expect(what, got, want):
        if got != want:
            failures.append('%s: got %r, want %r' % (what, got, want))

    try:
        check(values, expect, failures)
    except ValueError as e:
        failures.append(str(e))
    for f in failures:
        print('FAIL ' + f)
    print('%d values, %d failures' % (len(values), len(failures)))
    return 1 if failures else 0


def check(values, expect, failures):
    dump = open(sys.argv[2], encoding='utf-8').read()
    for i, v in enumerate(values):
        needle = '\tEnvironment: V%d=%s\n' % (i, v)
        if needle not in dump:
            failures.append('service Environment= V%d: %r not in the dump' % (i, v))
    lines = command_lines(dump)
    expect('service ExecStart line count', len(lines), 1)
    if lines:
        argv = [exec_time(w) for w in parse_command_line(lines[0])]
        expect('service ExecStart argv', argv, ['/bin/echo'] + values)

    if sys.argv[3] != '-':
        dump = open(sys.argv[3], encoding='utf-8').read()
        lines = [l for l in command_lines(dump) if ' run ' in l]
        expect('quadlet ExecStart line count', len(lines), 1)
        if lines:
            argv = [exec_time(w) for w in parse_command_line(lines[0])]
            env = [argv[k + 1] for k in range(len(argv) - 1) if argv[k] == '--env']
            # Quadlet sorts the variables by name.
            expect('quadlet --env', sorted(env), sorted('V%d=%s' % (i, v) for i, v in enumerate(values)))
            hc = argv[argv.index('--health-cmd') + 1]
            expect('quadlet --health-cmd', json.loads(hc), values)
            image = argv.index('docker.io/library/alpine:3')
            expect('quadlet Exec=', argv[image + 1:], [v for v in values if v not in (';', '')])


sys.exit(main())
