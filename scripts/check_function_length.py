#!/usr/bin/env python3
"""Lists every function in engine/ longer than the limit (default 80 lines,
signature to closing brace) and exits 1 if there is one. A light C++ reader:
comments, strings and preprocessor lines are blanked, then each brace block
opened at namespace or class scope after a parenthesised header is a function
(lambdas and local classes count towards the function that holds them).
Usage: check_function_length.py [--limit N] [--list] [ROOT]"""
import pathlib
import re
import sys

SCOPE = re.compile(r"\b(namespace|class|struct|union|enum)\b[^()]*$")


def blank(text):
    """Comments, string/char literals and # lines replaced by spaces, newlines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            end = ")" + m.group(1) + '"'
            j = text.find(end, i) + len(end)
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(" " * (j + 1 - i)); i = j + 1
        elif c == "#" and (i == 0 or text[i - 1] == "\n"):
            j = i
            while True:  # continued lines
                k = text.find("\n", j)
                if k < 0 or text[k - 1] != "\\":
                    break
                j = k + 1
            j = n if k < 0 else k
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        else:
            out.append(c); i += 1
    return "".join(out)


def functions(path):
    text = blank(path.read_text(encoding="utf-8"))
    stack = []  # per open brace: True if it opens a function body
    header_start = 0
    for i, c in enumerate(text):
        if c == "{":
            in_function = any(k for k, _, _ in stack)
            header = text[header_start:i]
            is_fn = (not in_function and "(" in header and not SCOPE.search(header.split("(")[0])
                     and "=" not in header.split("(")[0])
            name = ""
            if is_fn:
                m = re.search(r"([~\w:<>]+)\s*\(", header)
                name = m.group(1) if m else "?"
                first = header_start + len(header) - len(header.lstrip())
                stack.append((True, text.count("\n", 0, first) + 1, name))
            else:
                stack.append((False, 0, ""))
            header_start = i + 1
        elif c == "}":
            if stack:
                is_fn, line, name = stack.pop()
                if is_fn:
                    yield name, line, text.count("\n", 0, i) + 1
            header_start = i + 1
        elif c == ";":
            if not any(k for k, _, _ in stack):
                header_start = i + 1


def main(argv):
    limit, listing, root = 80, False, None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--limit":
            limit = int(args.pop(0))
        elif a == "--list":
            listing = True
        else:
            root = pathlib.Path(a)
    root = root or pathlib.Path(__file__).resolve().parent.parent / "engine"
    long_ones = []
    for p in sorted(root.rglob("*.[ch]pp")):
        for name, a, b in functions(p):
            n = b - a + 1
            if listing:
                print(f"{n:5d} {p.relative_to(root.parent)}:{a} {name}")
            if n > limit:
                long_ones.append((n, f"{p.relative_to(root.parent)}:{a}", name))
    for n, where, name in sorted(long_ones, reverse=True):
        print(f"{where}: {name} is {n} lines (limit {limit})")
    print(f"{len(long_ones)} functions over {limit} lines")
    return 1 if long_ones else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
