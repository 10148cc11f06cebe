// Run by scripts/sitegen/bytecode.py at build time: starts the vendored Pyodide under Node, so that the
// bytecode is made by the very Python the page runs, and runs scripts/sitegen/bytecode_in_pyodide.py in
// it. Usage: node scripts/sitegen/bytecode.mjs <pyodide folder> <job folder>. The job folder holds
// calculator.zip (the .py package) and sample.json (the calendar, the boards, the requests);
// this script writes compiled.zip (every .pyc, stored) there.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, jobDir] = process.argv.slice(2);
const here = path.dirname(new URL(import.meta.url).pathname);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + "/", packages: [],
  stdout: (line) => process.stderr.write(line + "\n"), stderr: (line) => process.stderr.write(line + "\n"),
});
pyodide.FS.mkdirTree("/job");
for (const name of ["calculator.zip", "sample.json"]) {
  pyodide.FS.writeFile(`/job/${name}`, fs.readFileSync(path.join(jobDir, name)));
}
pyodide.runPython(fs.readFileSync(path.join(here, "bytecode_in_pyodide.py"), "utf8"));
pyodide.runPython("compile_job('/job')");
fs.writeFileSync(path.join(jobDir, "compiled.zip"), pyodide.FS.readFile("/job/compiled.zip"));
