// CodeMirror language support for the sandbox's six languages, each loaded on first use (its own
// chunk of the bundle: a candidate downloads only the grammars they pick).

const LOADERS = {
  python3: () => import("@codemirror/lang-python").then((m) => m.python()),
  c: () => import("@codemirror/lang-cpp").then((m) => m.cpp()),
  cpp: () => import("@codemirror/lang-cpp").then((m) => m.cpp()),
  java: () => import("@codemirror/lang-java").then((m) => m.java()),
  javascript: () => import("@codemirror/lang-javascript").then((m) => m.javascript()),
  go: () => import("@codemirror/lang-go").then((m) => m.go()),
  sqlite: () => import("@codemirror/lang-sql").then((m) => m.sql({ dialect: m.SQLite })),
};

const loaded = new Map();

// Resolves to the language's extension ([] for an unknown one, or when its chunk cannot be fetched).
export function loadLanguage(language) {
  if (!loaded.has(language)) {
    const loader = LOADERS[language];
    loaded.set(language, loader ? loader().catch(() => { loaded.delete(language); return []; }) : Promise.resolve([]));
  }
  return loaded.get(language);
}

export const DISPLAY_NAMES = {
  python3: "Python 3", c: "C", cpp: "C++", java: "Java", javascript: "JavaScript (Node.js)", go: "Go",
};

export const SOURCE_NAMES = {
  python3: "main.py", c: "main.c", cpp: "main.cpp", java: "Main.java", javascript: "main.js", go: "main.go",
};
