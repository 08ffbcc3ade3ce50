#!/usr/bin/env python3
"""Static checks of the deployment files in deploy/ (issue 7).

No container engine runs here, so these checks read the files and ask the built
binary what it accepts: the configuration loader (`wiretag config`) and the
flags of each subcommand (`wiretag <subcommand> --help`). Kubernetes manifests
are rendered with `kubectl kustomize`. Every check prints PASS or FAIL with the
reason; the script exits 1 when any check failed.

Usage: deploy_checks.py --binary build/wiretag   (from the repository root)
"""

import argparse
import glob
import http.server
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading

import yaml

ROOT = os.getcwd()
# The documentation pages whose commands the checks compare with the deploy files.
BACKFILLS_PAGE = "docs/operations/backfills.md"
DEPLOYING_PAGE = "docs/operations/deploying.md"
RESULTS = []  # (name, ok, detail)


def check(name):
    """Decorator: runs the check, records PASS/FAIL. A check returns a list of
    problems (empty = pass) or raises."""
    def wrap(fn):
        def run(*args):
            try:
                problems = fn(*args)
            except Exception as e:  # a crash of a check is a failure of it
                problems = [f"{type(e).__name__}: {e}"]
            ok = not problems
            RESULTS.append((name, ok, problems))
            print(("PASS " if ok else "FAIL ") + name, flush=True)
            for p in problems or []:
                print("     - " + p, flush=True)
            return ok
        return run
    return wrap


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def load_yaml(path):
    return yaml.safe_load(read(path))


def port_of(listen):
    """'0.0.0.0:9464' -> 9464."""
    return int(str(listen).rsplit(":", 1)[1])


# ---------------------------------------------------------------------------
# What the binary accepts.

class Binary:
    def __init__(self, path):
        self.path = os.path.abspath(path)
        self._help = {}
        self._configs = {}  # (file content, env, flags) -> config or the loader's error

    def run(self, args, env=None, cwd=None):
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("WIRETAG_")}
        full_env.update(env or {})
        return subprocess.run([self.path] + args, capture_output=True, text=True, env=full_env,
                              cwd=cwd or ROOT, timeout=60)

    def help(self, subcommand):
        """The long options `wiretag [subcommand] --help` lists."""
        if subcommand not in self._help:
            args = ([subcommand] if subcommand else []) + ["--help"]
            out = self.run(args)
            text = out.stdout + out.stderr
            flags = set()
            section = None
            subs = set()
            for line in text.splitlines():
                if re.match(r"^[A-Za-z][A-Za-z ]*:\s*$", line):
                    section = line.strip().lower()
                    continue
                if section == "options:" and re.match(r"^\s+-", line):
                    head = line.strip().split("  ")[0]
                    flags.update(re.findall(r"(?:^|,)(--[A-Za-z0-9][A-Za-z0-9_-]*)", head))
                m = re.match(r"^\s{2}([a-z][a-z-]*)(\s{2,}|$)", line)
                if section == "subcommands:" and m:
                    subs.add(m.group(1))
            self._help[subcommand] = (flags, subs, text)
        return self._help[subcommand]

    def effective_config(self, config_file, env, flags):
        """`wiretag config` for a configuration file, environment and flags: the
        configuration a deployment actually runs with (file < env < flags)."""
        with open(os.path.join(ROOT, config_file), encoding="utf-8") as f:
            key = (f.read(), tuple(sorted(env.items())), tuple(flags))
        if key not in self._configs:
            out = self.run(["config", "--config", config_file] + flags, env=env)
            if out.returncode != 0:
                self._configs[key] = RuntimeError(
                    f"`wiretag config` rejects it (exit {out.returncode}): {out.stderr.strip()}")
            else:
                self._configs[key] = yaml.safe_load(out.stdout)
        if isinstance(self._configs[key], Exception):
            raise self._configs[key]
        return self._configs[key]


def split_command(argv):
    """['run', '--config', 'x'] -> (global flags, subcommand, subcommand flags)."""
    global_flags, sub, sub_flags = [], None, []
    for tok in argv:
        if tok.startswith("-"):
            (sub_flags if sub else global_flags).append(tok.split("=", 1)[0])
        elif sub is None and not (global_flags and _expects_value(global_flags[-1], argv, tok)):
            sub = tok
    return global_flags, sub, sub_flags


def _expects_value(flag, argv, tok):
    return flag in ("--log-format", "--log-level")


def config_flags(argv):
    """The configuration flags (those `wiretag config` shares with run/replay)
    and their values from a command line, without --config."""
    out, i = [], 0
    shared = {"--brokers", "--group", "--input", "--output", "--dlq", "--workers", "--metrics-listen"}
    while i < len(argv):
        tok = argv[i]
        name = tok.split("=", 1)[0]
        if name in shared:
            if "=" in tok:
                out.append(tok)
            elif i + 1 < len(argv):
                out += [tok, argv[i + 1]]
                i += 1
        i += 1
    return out


def flag_value(argv, flag):
    for i, tok in enumerate(argv):
        if tok == flag and i + 1 < len(argv):
            return argv[i + 1]
        if tok.startswith(flag + "="):
            return tok.split("=", 1)[1]
    return None


# ---------------------------------------------------------------------------
# The deployments, read from their files.

def dockerfile_stages():
    """[(stage name, [(instruction, argument text)])] of deploy/Dockerfile."""
    text = re.sub(r"\\\n", " ", read("deploy/Dockerfile"))
    stages = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instr, _, rest = line.partition(" ")
        instr = instr.upper()
        if instr == "FROM":
            m = re.search(r"\bAS\s+(\S+)", rest, re.I)
            stages.append((m.group(1) if m else str(len(stages)), []))
        elif stages:
            stages[-1][1].append((instr, rest.strip()))
    return stages


def runtime_stage():
    return dockerfile_stages()[-1][1]


def build_stage():
    """The stage named `build` (the one that compiles wiretag); the first stage otherwise."""
    stages = dockerfile_stages()
    return next((s for s in stages if s[0] == "build"), stages[0])


def local_debs_as_names(text):
    """`apt-get install /tmp/debs/librdkafka1_*.deb` installs librdkafka1: the
    packages built in the Dockerfile's librdkafka stage, by their names."""
    return re.sub(r"\S*/([a-z0-9.+-]+)_\*\.deb", r"\1", text)


def exec_form(instr_arg):
    return json.loads(instr_arg)


def docker_env():
    env = {}
    for instr, arg in runtime_stage():
        if instr == "ENV":
            for k, v in re.findall(r"(\w+)=(\"[^\"]*\"|\S+)", arg):
                env[k] = v.strip('"')
    return env


def docker_argv():
    entry, cmd = [], []
    for instr, arg in runtime_stage():
        if instr == "ENTRYPOINT":
            entry = exec_form(arg)
        elif instr == "CMD":
            cmd = exec_form(arg)
    return entry + cmd


def compose():
    return load_yaml("deploy/compose.yaml")


def compose_topics():
    """{topic: partitions} created by the kafka-init service."""
    init = compose()["services"]["kafka-init"]
    script = "\n".join(init["command"]) if isinstance(init["command"], list) else init["command"]
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^\s*create\s+(\S+)\s+(\d+)", script, re.M)}


def systemd_unit():
    entries = {}
    for line in read("deploy/systemd/wiretag.service").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            k, v = line.split("=", 1)
            entries.setdefault(k.strip(), []).append(v.strip())
    return entries


def systemd_env():
    env = {}
    for value in systemd_unit().get("Environment", []):
        for item in shlex.split(value):
            k, v = item.split("=", 1)
            env[k] = v
    return env


def seconds(value):
    m = re.fullmatch(r"(\d+)(ms|s|m)?", str(value).strip())
    n = int(m.group(1))
    return {"ms": n / 1000, "s": n, None: n, "m": n * 60}[m.group(2)]


KUSTOMIZATIONS = ["deploy/k8s/base", "deploy/k8s/overlays/example"]
REPLAY_JOB_KUSTOMIZATION = "deploy/k8s/overlays/example"


def render(kdir):
    kubectl = shutil.which("kubectl")
    if not kubectl:
        raise RuntimeError("kubectl not found: it renders the kustomizations (`kubectl kustomize`); "
                           "install kubectl to run the Kubernetes checks")
    out = subprocess.run([kubectl, "kustomize", kdir], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"kubectl kustomize {kdir}: {out.stderr.strip()}")
    return [d for d in yaml.safe_load_all(out.stdout) if d]


_RENDERED = {}


def rendered(kdir):
    if kdir not in _RENDERED:
        _RENDERED[kdir] = render(kdir)
    return _RENDERED[kdir]


def of_kind(docs, kind):
    return [d for d in docs if d.get("kind") == kind]


def replay_job():
    return [d for d in yaml.safe_load_all(read("deploy/k8s/replay/replay-job.yaml")) if d][0]


def container_env(container, image_env):
    """The container's environment as the process sees it, with values from
    Secrets and resource fields replaced by plausible stand-ins."""
    env = dict(image_env)
    stand_ins = {"security.protocol": "SASL_SSL", "sasl.mechanisms": "SCRAM-SHA-512"}
    for e in container.get("env", []):
        if "value" in e:
            env[e["name"]] = str(e["value"])
        elif "secretKeyRef" in e.get("valueFrom", {}):
            env[e["name"]] = stand_ins.get(e["valueFrom"]["secretKeyRef"]["key"], "stand-in")
        elif "resourceFieldRef" in e.get("valueFrom", {}):
            env[e["name"]] = "1"
        else:
            env[e["name"]] = "stand-in"
    return env


def k8s_config_file(docs, pod_spec, container, tmpdir):
    """The wiretag.yaml a pod mounts (the ConfigMap's file) written to tmpdir,
    and the path the container's --config names."""
    argv = container.get("args", [])
    path = flag_value(argv, "--config")
    for mount in container.get("volumeMounts", []):
        if path and path.startswith(mount["mountPath"].rstrip("/") + "/"):
            volume = next(v for v in pod_spec["volumes"] if v["name"] == mount["name"])
            if "configMap" in volume:
                cm = next(d for d in of_kind(docs, "ConfigMap") if d["metadata"]["name"] == volume["configMap"]["name"])
                key = os.path.relpath(path, mount["mountPath"])
                local = os.path.join(tmpdir, volume["configMap"]["name"] + "-" + key)
                with open(local, "w") as f:
                    f.write(cm["data"][key])
                return local, path
    # Not mounted: the image's own file, which is config/wiretag.yaml.
    return os.path.join(ROOT, "config/wiretag.yaml"), path


def pod_specs():
    """(label, rendered docs, pod spec) for every pod the manifests run."""
    out = []
    for kdir in KUSTOMIZATIONS:
        docs = rendered(kdir)
        for d in of_kind(docs, "Deployment"):
            out.append((f"{kdir}: Deployment/{d['metadata']['name']}", docs, d["spec"]["template"]["spec"]))
    job = replay_job()
    # The Job runs beside the example overlay's stage (namespace news) and
    # mounts that kustomization's ConfigMaps.
    out.append(("deploy/k8s/replay/replay-job.yaml", rendered(REPLAY_JOB_KUSTOMIZATION), job["spec"]["template"]["spec"]))
    return out


def command_lines():
    """(where, argv without the program) of every wiretag command line."""
    lines = [("deploy/Dockerfile ENTRYPOINT+CMD", docker_argv()[1:])]
    for label, _, spec in pod_specs():
        for c in spec["containers"]:
            lines.append((label, c.get("command", [])[1:] + c.get("args", [])))
    svc = compose()["services"]["wiretag"]
    if "command" in svc:
        lines.append(("deploy/compose.yaml wiretag.command", svc["command"]))
    for value in systemd_unit().get("ExecStart", []):
        lines.append(("deploy/systemd/wiretag.service ExecStart", shlex.split(value.lstrip("-@+!:"))[1:]))
    return lines


# ---------------------------------------------------------------------------
# The valid WIRETAG_* variables: derived from config/wiretag.yaml's keys by the
# rule its header documents.

def config_keys():
    doc = load_yaml("config/wiretag.yaml")
    keys = []
    for k, v in doc.items():
        if k == "kafka":
            continue
        if isinstance(v, dict):
            keys += [f"{k}.{sub}" for sub in v]
        else:
            keys.append(k)
    return keys


def env_name(key):
    return "WIRETAG_" + key.replace(".", "_").upper()


KAFKA_ENV = re.compile(r"^WIRETAG_KAFKA_(COMMON|CONSUMER|PRODUCER)_([A-Z0-9_]+)$")


def librdkafka_properties():
    """{property: 'C'|'P'|'*'} from librdkafka's own list (kcat links the same
    librdkafka as wiretag)."""
    out = subprocess.run(["kcat", "-X", "list"], capture_output=True, text=True, timeout=30)
    props = {}
    for line in (out.stdout + out.stderr).splitlines():
        m = re.match(r"^([a-z][a-z0-9._]*)\s+\|\s+([CP*])\s+\|", line)
        if m:
            props[m.group(1)] = m.group(2)
    if len(props) < 50:
        raise RuntimeError("`kcat -X list` did not list librdkafka's properties")
    return props


# ---------------------------------------------------------------------------
# The checks.

@check("every YAML file in deploy/ and config/ parses; every JSON file in deploy/ parses")
def yaml_parses():
    problems, n = [], 0
    for pattern in ("deploy/**/*.yaml", "deploy/**/*.yml", "config/**/*.yaml", "config/**/*.yml"):
        for path in sorted(glob.glob(pattern, recursive=True)):
            n += 1
            try:
                list(yaml.safe_load_all(read(path)))
            except yaml.YAMLError as e:
                problems.append(f"{path}: {e}")
    for path in sorted(glob.glob("deploy/**/*.json", recursive=True)):
        n += 1
        try:
            json.loads(read(path))
        except ValueError as e:
            problems.append(f"{path}: {e}")
    if n < 10:
        problems.append(f"only {n} files found: is the working directory the repository root?")
    return problems


@check("promtool check config deploy/prometheus/prometheus.yml")
def promtool_config():
    path = "deploy/prometheus/prometheus.yml"
    if not os.path.exists(path):
        return [f"{path} is missing (the metrics issue writes it; compose.yaml mounts deploy/prometheus/)"]
    out = subprocess.run(["promtool", "check", "config", path], capture_output=True, text=True, timeout=60)
    return [] if out.returncode == 0 else [f"promtool: {(out.stdout + out.stderr).strip()}"]


@check("kustomizations render (kubectl kustomize)")
def kustomize_renders():
    problems = []
    for kdir in KUSTOMIZATIONS:
        try:
            kinds = sorted({d["kind"] for d in rendered(kdir)})
            for need in ("Deployment", "ConfigMap", "Service", "PodMonitor", "PodDisruptionBudget", "ScaledObject"):
                if need not in kinds:
                    problems.append(f"{kdir}: no {need} (has {kinds})")
        except RuntimeError as e:
            problems.append(str(e))
    return problems


@check("every WIRETAG_* variable the deployment files set is one the config loader reads")
def env_names_valid():
    valid = {env_name(k) for k in config_keys()}
    props = librdkafka_properties()
    sets = [("deploy/Dockerfile ENV", docker_env()),
            ("deploy/compose.yaml wiretag.environment", compose()["services"]["wiretag"].get("environment", {})),
            ("deploy/systemd/wiretag.service Environment", systemd_env())]
    for label, _, spec in pod_specs():
        for c in spec["containers"]:
            sets.append((f"{label} container {c['name']}", {e["name"]: "" for e in c.get("env", [])}))
    problems, seen = [], 0
    for where, env in sets:
        for name in env:
            if not name.startswith("WIRETAG_"):
                continue
            seen += 1
            m = KAFKA_ENV.match(name)
            if m:
                section, prop = m.group(1), m.group(2).lower().replace("_", ".")
                if prop == "log.level":  # the loader's one exception: librdkafka's log_level
                    prop = "log_level"
                kind = props.get(prop)
                if kind is None:
                    problems.append(f"{where}: {name} -> kafka.{section.lower()}.{prop}, not a librdkafka property")
                elif (section == "CONSUMER" and kind == "P") or (section == "PRODUCER" and kind == "C"):
                    problems.append(f"{where}: {name}: {prop} is a {'producer' if kind == 'P' else 'consumer'}"
                                    f" property, not for kafka.{section.lower()}")
            elif name not in valid:
                problems.append(f"{where}: {name} is not WIRETAG_<KEY> of a key in config/wiretag.yaml "
                                f"(valid: {', '.join(sorted(valid))}, WIRETAG_KAFKA_<SECTION>_<PROPERTY>)")
    if seen == 0:
        problems.append("no WIRETAG_* variable found in any deployment file; the collection is broken")
    return problems


@check("the config loader accepts each deployment's file, environment and flags (`wiretag config`)")
def loader_accepts(binary):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, docs, spec in pod_specs():
            for c in spec["containers"]:
                local, _ = k8s_config_file(docs, spec, c, tmp)
                try:
                    binary.effective_config(local, container_env(c, docker_env()), config_flags(c.get("args", [])))
                except RuntimeError as e:
                    problems.append(f"{label}: {e}")
        for where, cfg, env, argv in other_deployments():
            try:
                binary.effective_config(cfg, env, config_flags(argv))
            except RuntimeError as e:
                problems.append(f"{where}: {e}")
    return problems


def other_deployments():
    """(where, config file, environment, argv) of the image, compose and systemd."""
    image_env = docker_env()
    compose_env = dict(image_env)
    compose_env.update({k: str(v) for k, v in compose()["services"]["wiretag"].get("environment", {}).items()})
    unit_argv = shlex.split(systemd_unit()["ExecStart"][0])[1:]
    return [("deploy/Dockerfile (docker run)", "config/wiretag.yaml", image_env, docker_argv()[1:]),
            ("deploy/compose.yaml wiretag", "config/wiretag.yaml", compose_env, docker_argv()[1:]),
            ("deploy/systemd/wiretag.service", "config/wiretag.yaml", systemd_env(), unit_argv)]


@check("every flag in a wiretag command line exists in `wiretag <subcommand> --help`")
def flags_exist(binary):
    problems = []
    root_flags, root_subs, _ = binary.help(None)
    if not root_subs:
        problems.append("`wiretag --help` lists no subcommands")
    lines = command_lines()
    for where, argv in lines:
        global_flags, sub, sub_flags = split_command(argv)
        if sub is None:
            problems.append(f"{where}: no subcommand in {argv}")
            continue
        if root_subs and sub not in root_subs:
            problems.append(f"{where}: `wiretag {sub}` is not a subcommand ({', '.join(sorted(root_subs))})")
            continue
        for f in global_flags:
            if f not in root_flags:
                problems.append(f"{where}: global flag {f} not in `wiretag --help`")
        flags, _, text = binary.help(sub)
        for f in sub_flags:
            if f not in flags:
                hint = " (that subcommand is still a placeholder in this build)" if "not yet available" in text else ""
                problems.append(f"{where}: {f} not in `wiretag {sub} --help`{hint}")
    if len(lines) < 5:
        problems.append(f"only {len(lines)} command lines found")
    return problems


@check("probes, healthcheck, ports and scrape targets use the metrics listener (port, /healthz, /readyz)")
def probes_match_listener(binary):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, docs, spec in pod_specs():
            for c in spec["containers"]:
                local, _ = k8s_config_file(docs, spec, c, tmp)
                try:
                    cfg = binary.effective_config(local, container_env(c, docker_env()), config_flags(c.get("args", [])))
                except RuntimeError as e:
                    problems.append(f"{label}: {e}")
                    continue
                port = port_of(cfg["metrics"]["listen"])
                named = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
                if named.get("metrics") != port:
                    problems.append(f"{label}: containerPort 'metrics' is {named.get('metrics')}, "
                                    f"metrics.listen port is {port}")
                want = {"startupProbe": "/healthz", "livenessProbe": "/healthz", "readinessProbe": "/readyz"}
                for probe, path in want.items():
                    if probe not in c:
                        if probe == "livenessProbe" or "Deployment" in label:
                            problems.append(f"{label}: no {probe}")
                        continue
                    get = c[probe].get("httpGet", {})
                    p = named.get(get.get("port"), get.get("port"))
                    if p != port or get.get("path") != path:
                        problems.append(f"{label}: {probe} is {get.get('path')} on {get.get('port')} ({p}), "
                                        f"want {path} on {port}")
                for svc in of_kind(docs, "Service"):
                    for sp in svc["spec"]["ports"]:
                        tp = named.get(sp.get("targetPort"), sp.get("targetPort"))
                        if tp != port:
                            problems.append(f"{label}: Service {svc['metadata']['name']} targets {sp.get('targetPort')}"
                                            f" ({tp}), metrics are on {port}")
                for pm in of_kind(docs, "PodMonitor"):
                    for ep in pm["spec"]["podMetricsEndpoints"]:
                        if ep.get("port") not in named or ep.get("path", "/metrics") != "/metrics":
                            problems.append(f"{label}: PodMonitor endpoint {ep} is not the 'metrics' port's /metrics")
        for where, cfg_file, env, argv in other_deployments():
            try:
                cfg = binary.effective_config(cfg_file, env, config_flags(argv))
            except RuntimeError as e:
                problems.append(f"{where}: {e}")
                continue
            port = port_of(cfg["metrics"]["listen"])
            if "Dockerfile" in where:
                hc = [a for i, a in runtime_stage() if i == "HEALTHCHECK"]
                if not hc or "/healthz" not in hc[0] or f"/{port}" not in hc[0]:
                    problems.append(f"{where}: HEALTHCHECK does not query /healthz on port {port}")
                exposed = [a for i, a in runtime_stage() if i == "EXPOSE"]
                if str(port) not in " ".join(exposed):
                    problems.append(f"{where}: EXPOSE {exposed} lacks {port}")
            if "compose" in where:
                ports = [str(p) for p in compose()["services"]["wiretag"].get("ports", [])]
                if not any(p.endswith(f":{port}") for p in ports):
                    problems.append(f"{where}: ports {ports} do not publish {port}")
    return problems


@check("the Dockerfile HEALTHCHECK command tells 200 from 503 and from no listener")
def healthcheck_command_works():
    hc = [a for i, a in runtime_stage() if i == "HEALTHCHECK"]
    if not hc:
        return ["deploy/Dockerfile has no HEALTHCHECK"]
    argv = json.loads(hc[0][hc[0].index("CMD") + 3:].strip())
    m = re.search(r"/dev/tcp/127\.0\.0\.1/(\d+)", " ".join(argv))
    if not m:
        return [f"HEALTHCHECK does not connect to 127.0.0.1: {argv}"]
    status = {"code": 200}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            code = status["code"] if self.path == "/healthz" else 404
            self.send_response(code)
            self.end_headers()
            self.wfile.write(b"ok\n" if code == 200 else b"not ok\n")

        def log_message(self, *a):
            pass

    class QuietServer(http.server.HTTPServer):
        def handle_error(self, request, client_address):
            pass  # the health check hangs up after the status line

    server = QuietServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    problems = []
    try:
        local = [a.replace(f"/dev/tcp/127.0.0.1/{m.group(1)}", f"/dev/tcp/127.0.0.1/{port}") for a in argv]
        for code, want_ok in ((200, True), (503, False)):
            status["code"] = code
            rc = subprocess.run(local, capture_output=True, timeout=10).returncode
            if (rc == 0) != want_ok:
                problems.append(f"/healthz answering {code}: healthcheck exit {rc}")
    finally:
        server.shutdown()
        server.server_close()
    rc = subprocess.run(local, capture_output=True, timeout=10).returncode
    if rc == 0:
        problems.append("nothing listening: healthcheck exit 0")
    return problems


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(url):
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None


def wait_for(condition, seconds):
    import time
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def image_layout(root):
    """Lays out the runtime stage's COPY instructions from the build context
    under `root` (the binary excepted) and returns (env, workdir, argv) with the
    image's absolute paths moved under it: the image's filesystem, minus the OS."""
    workdir = "/"
    for instr, a in runtime_stage():
        if instr == "COPY" and "--from" not in a:
            src, dest = a.split()[0], a.split()[-1]
            target = root + dest
            if os.path.isdir(src):
                shutil.copytree(src, target, dirs_exist_ok=True)
            else:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy(src, target)
        elif instr == "WORKDIR":
            workdir = a

    def move(value):
        return root + value if value.startswith("/") else value
    os.makedirs(move(workdir), exist_ok=True)  # as docker does for WORKDIR
    env = {k: move(v) for k, v in docker_env().items()}
    return env, move(workdir), [move(a) for a in docker_argv()[1:]]


@check("on a running stage in the image's file layout (dev-broker): /readyz and /healthz answer 200, the HEALTHCHECK passes, SIGTERM exits 0")
def live_stage(binary):
    import signal
    problems = []
    hc = [a for i, a in runtime_stage() if i == "HEALTHCHECK"][0]
    hc_argv = json.loads(hc[hc.index("CMD") + 3:].strip())
    image_port = re.search(r"/dev/tcp/127\.0\.0\.1/(\d+)", " ".join(hc_argv)).group(1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRETAG_")}
    root_dir = tempfile.TemporaryDirectory()
    root = root_dir.name
    broker = subprocess.Popen([binary.path, "dev-broker", "--partitions", "2", "--topics", "wire.raw,wire.enriched,wire.dlq"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    stage = None
    try:
        bootstrap = broker.stdout.readline().strip()
        if not bootstrap:
            return ["wiretag dev-broker printed no bootstrap servers"]
        port = free_port()
        log = tempfile.TemporaryFile(mode="w+")
        # The image's CMD, files, ENV and WORKDIR; only the broker, the port and
        # the worker count are the test's.
        image_env, workdir, argv = image_layout(root)
        # The data must be found by the image's own settings, not by the
        # fallback to the source tree (which exists here but not in the image).
        cfg = binary.effective_config(flag_value(argv, "--config"), image_env, [])
        if not cfg.get("data_dir") or not os.path.isdir(os.path.join(cfg["data_dir"], "gazetteers")):
            problems.append(f"`run` finds no gazetteers: data_dir is {cfg.get('data_dir')!r} in the image")
        if not os.path.isdir(os.path.join(workdir, "config", "gazetteers")):
            problems.append("WORKDIR has no config/gazetteers, where `wiretag demo`, `tag` and `eval` look")
        stage = subprocess.Popen([binary.path] + argv + ["--brokers", bootstrap, "--workers", "1",
                                                         "--metrics-listen", f"127.0.0.1:{port}"],
                                 stdout=subprocess.DEVNULL, stderr=log, text=True, env={**env, **image_env},
                                 cwd=workdir)

        def tail():
            log.seek(0)
            return log.read()[-500:]
        base = f"http://127.0.0.1:{port}"
        if not wait_for(lambda: http_status(base + "/readyz") == 200 or stage.poll() is not None, 60):
            problems.append(f"/readyz did not answer 200 within 60 s (last: {http_status(base + '/readyz')})")
        if stage.poll() is not None:
            return problems + [f"wiretag run exited {stage.returncode}: {tail()}"]
        if http_status(base + "/healthz") != 200:
            problems.append(f"/healthz answered {http_status(base + '/healthz')}")
        local = [a.replace(f"/dev/tcp/127.0.0.1/{image_port}", f"/dev/tcp/127.0.0.1/{port}") for a in hc_argv]
        rc = subprocess.run(local, capture_output=True, timeout=10).returncode
        if rc != 0:
            problems.append(f"the image's HEALTHCHECK command exits {rc} against the running stage")
        stage.send_signal(signal.SIGTERM)
        try:
            rc = stage.wait(timeout=45)
            if rc != 0:
                problems.append(f"after SIGTERM wiretag run exited {rc}: {tail()}")
        except subprocess.TimeoutExpired:
            problems.append("wiretag run did not exit within 45 s of SIGTERM (the supervisors' grace)")
    finally:
        for p in (stage, broker):
            if p and p.poll() is None:
                p.kill()
                p.wait()
        root_dir.cleanup()
    return problems


@check("the image runs as a non-root user, and so do the pods and the systemd unit")
def not_root():
    problems = []
    users = [a for i, a in runtime_stage() if i == "USER"]
    if not users:
        return ["deploy/Dockerfile runtime stage has no USER (it would run as root)"]
    user = users[-1].split(":")[0]
    if user in ("root", "0"):
        problems.append(f"deploy/Dockerfile: USER {users[-1]} is root")
    if not user.isdigit():
        problems.append(f"deploy/Dockerfile: USER {user} is not numeric (runAsNonRoot cannot verify a name)")
    for label, _, spec in pod_specs():
        sc = spec.get("securityContext", {})
        if sc.get("runAsNonRoot") is not True or sc.get("runAsUser", 0) == 0:
            problems.append(f"{label}: securityContext lacks runAsNonRoot: true / a non-zero runAsUser")
        elif user.isdigit() and sc.get("runAsUser") != int(user):
            problems.append(f"{label}: runAsUser {sc.get('runAsUser')} differs from the image's USER {user}")
        for c in spec["containers"]:
            if c.get("securityContext", {}).get("allowPrivilegeEscalation") is not False:
                problems.append(f"{label}: container {c['name']} allows privilege escalation")
    unit_user = systemd_unit().get("User", ["root"])[0]
    if unit_user in ("root", "0"):
        problems.append(f"deploy/systemd/wiretag.service: User={unit_user}")
    return problems


@check("the ScaledObject names the ConfigMap's brokers, group and input topic; replicas <= partitions")
def scaledobject_matches_config(binary):
    problems = []
    partitions = compose_topics()
    with tempfile.TemporaryDirectory() as tmp:
        for kdir in KUSTOMIZATIONS:
            docs = rendered(kdir)
            deployments = {d["metadata"]["name"]: d for d in of_kind(docs, "Deployment")}
            for so in of_kind(docs, "ScaledObject"):
                where = f"{kdir}: ScaledObject/{so['metadata']['name']}"
                target = so["spec"]["scaleTargetRef"]["name"]
                if target not in deployments:
                    problems.append(f"{where}: scaleTargetRef {target} is not a Deployment here")
                    continue
                spec = deployments[target]["spec"]["template"]["spec"]
                c = spec["containers"][0]
                local, _ = k8s_config_file(docs, spec, c, tmp)
                cfg = binary.effective_config(local, container_env(c, docker_env()), config_flags(c.get("args", [])))
                kafka = [t for t in so["spec"]["triggers"] if t["type"] == "kafka"]
                if not kafka:
                    problems.append(f"{where}: no kafka trigger")
                for t in kafka:
                    md = t["metadata"]
                    if md.get("consumerGroup") != cfg["group"]:
                        problems.append(f"{where}: consumerGroup {md.get('consumerGroup')} != group {cfg['group']}")
                    inputs = cfg["input"] if isinstance(cfg["input"], list) else [cfg["input"]]
                    if md.get("topic") not in inputs:
                        problems.append(f"{where}: topic {md.get('topic')} is not an input topic {inputs}")
                    if md.get("bootstrapServers") != cfg["brokers"]:
                        problems.append(f"{where}: bootstrapServers {md.get('bootstrapServers')} != brokers {cfg['brokers']}")
                    reset = cfg["kafka"]["consumer"].get("auto.offset.reset", "latest")
                    if md.get("offsetResetPolicy", "latest") != reset:
                        problems.append(f"{where}: offsetResetPolicy {md.get('offsetResetPolicy')} != auto.offset.reset {reset}")
                    if str(md.get("allowIdleConsumers", "false")).lower() == "true":
                        problems.append(f"{where}: allowIdleConsumers would let replicas exceed the partitions")
                    if not md.get("lagThreshold"):
                        problems.append(f"{where}: no lagThreshold")
                    n = partitions.get(md.get("topic"))
                    if n is None:
                        problems.append(f"{where}: topic {md.get('topic')} is not created in deploy/compose.yaml")
                    elif so["spec"].get("maxReplicaCount", 100) > n:
                        problems.append(f"{where}: maxReplicaCount {so['spec'].get('maxReplicaCount')} > "
                                        f"{n} partitions of {md.get('topic')}")
    return problems


@check("stop timeouts exceed the drain bound (stage.shutdown_timeout_ms)")
def stop_timeouts(binary):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, docs, spec in pod_specs():
            c = spec["containers"][0]
            local, _ = k8s_config_file(docs, spec, c, tmp)
            try:
                cfg = binary.effective_config(local, container_env(c, docker_env()), config_flags(c.get("args", [])))
            except RuntimeError as e:
                problems.append(f"{label}: {e}")
                continue
            drain = int(cfg["stage"]["shutdown_timeout_ms"]) / 1000
            grace = spec.get("terminationGracePeriodSeconds", 30)
            if grace <= drain:
                problems.append(f"{label}: terminationGracePeriodSeconds {grace} <= drain {drain:g} s")
    for where, cfg_file, env, argv in other_deployments():
        try:
            cfg = binary.effective_config(cfg_file, env, config_flags(argv))
        except RuntimeError as e:
            problems.append(f"{where}: {e}")
            continue
        drain = int(cfg["stage"]["shutdown_timeout_ms"]) / 1000
        if "compose" in where:
            grace = seconds(compose()["services"]["wiretag"].get("stop_grace_period", "10s"))
            if grace <= drain:
                problems.append(f"{where}: stop_grace_period {grace:g} s <= drain {drain:g} s")
        if "systemd" in where:
            unit = systemd_unit()
            grace = seconds(unit.get("TimeoutStopSec", ["90"])[0])
            if grace <= drain:
                problems.append(f"{where}: TimeoutStopSec {grace:g} <= drain {drain:g} s")
            if unit.get("KillSignal", ["SIGTERM"])[0] not in ("SIGTERM", "TERM", "15"):
                problems.append(f"{where}: KillSignal {unit['KillSignal'][0]} is not SIGTERM")
    for instr, arg in runtime_stage():
        if instr in ("ENTRYPOINT", "CMD") and not arg.startswith("["):
            problems.append(f"deploy/Dockerfile: {instr} in shell form; signals would reach /bin/sh, not wiretag")
    return problems


@check("pods disable Service environment links (no injected variables for other Services)")
def service_links_off():
    return [f"{label}: enableServiceLinks is not false" for label, _, spec in pod_specs()
            if spec.get("enableServiceLinks") is not False]


@check("the replay Job mounts the live stage's configuration (its ConfigMap holds the Deployment's wiretag.yaml); "
       "the backfills page's restartPolicy is the Job's")
def replay_job_uses_stage_config():
    problems = []
    spec = replay_job()["spec"]["template"]["spec"]
    container = spec["containers"][0]
    path = flag_value(container.get("args", []), "--config")
    mount = next((m for m in container.get("volumeMounts", [])
                  if path and path.startswith(m["mountPath"].rstrip("/") + "/")), None)
    volume = mount and next((v for v in spec.get("volumes", []) if v["name"] == mount["name"]), None)
    job_cm = (volume or {}).get("configMap", {}).get("name")
    if not job_cm:
        return [f"no ConfigMap is mounted where the Job's --config ({path}) points: it would run with the image's file"]
    for kdir in KUSTOMIZATIONS:
        docs = rendered(kdir)
        data = {d["metadata"]["name"]: d.get("data") for d in of_kind(docs, "ConfigMap")}
        for dep in of_kind(docs, "Deployment"):
            stage_cm = next(v["configMap"]["name"] for v in dep["spec"]["template"]["spec"]["volumes"] if "configMap" in v)
            if job_cm not in data:
                problems.append(f"{kdir}: renders no ConfigMap {job_cm}, which the replay Job mounts")
            elif data[job_cm] != data[stage_cm]:
                problems.append(f"{kdir}: ConfigMap {job_cm} (replay Job) differs from {stage_cm} (the stage's)")
    if flag_value(container.get("args", []), "--brokers"):
        problems.append("the replay Job overrides the configuration's brokers with --brokers")
    policy = spec.get("restartPolicy")
    said = re.findall(r"restartPolicy:\s+(\w+)", read(BACKFILLS_PAGE))
    if not said:
        problems.append(f"{BACKFILLS_PAGE} names no restartPolicy for the replay Job")
    problems += [f"{BACKFILLS_PAGE} says restartPolicy {p}, the Job has {policy}" for p in said if p != policy]
    return problems


@check("compose creates the topics wiretag and the replay Job use")
def compose_topics_cover(binary):
    problems = []
    topics = compose_topics()
    where, cfg_file, env, argv = other_deployments()[1]
    cfg = binary.effective_config(cfg_file, env, config_flags(argv))
    needed = list(cfg["input"]) + [cfg["output"], cfg["dlq"]]
    job_argv = replay_job()["spec"]["template"]["spec"]["containers"][0]["args"]
    needed += [flag_value(job_argv, "--input"), flag_value(job_argv, "--output")]
    for t in needed:
        if t not in topics:
            problems.append(f"topic {t} is not created by kafka-init ({sorted(topics)})")
    svc = compose()["services"]["wiretag"]
    dep = svc.get("depends_on", {}).get("kafka-init", {})
    if dep.get("condition") != "service_completed_successfully":
        problems.append("wiretag does not wait for kafka-init to complete")
    if svc.get("build", {}).get("dockerfile") != "deploy/Dockerfile":
        problems.append("wiretag is not built from deploy/Dockerfile")
    if not str(compose()["services"]["kafka"]["image"]).startswith("apache/kafka:"):
        problems.append("kafka is not the official apache/kafka image")
    return problems


@check("compose mounts exist: Prometheus config and rules, Grafana provisioning and dashboard")
def compose_mounts():
    problems = []
    for name in ("prometheus", "grafana"):
        for vol in compose()["services"][name].get("volumes", []):
            src = vol.split(":")[0]
            path = os.path.normpath(os.path.join("deploy", src))
            if not os.path.exists(path):
                problems.append(f"{name}: {path} does not exist")
    dash_path = "deploy/grafana/wiretag.json"
    ds = load_yaml("deploy/grafana/provisioning/datasources/prometheus.yaml")
    uids = {d.get("uid") for d in ds["datasources"]}
    if os.path.exists(dash_path):
        used = set()

        def walk(node):
            if isinstance(node, dict):
                d = node.get("datasource")
                if isinstance(d, dict) and d.get("uid"):
                    used.add(d["uid"])
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
        walk(json.loads(read(dash_path)))
        for uid in used:
            if not uid.startswith("$") and uid not in uids:
                problems.append(f"{dash_path} uses datasource uid {uid}, provisioned are {sorted(uids)}")
    return problems


@check("Prometheus scrapes wiretag under the job name the rules and the dashboard select")
def scrape_job_names(binary):
    problems = []
    path = "deploy/prometheus/prometheus.yml"
    if not os.path.exists(path):
        return [f"{path} is missing"]
    prom = load_yaml(path)
    jobs = {sc["job_name"]: sc for sc in prom.get("scrape_configs", [])}
    used = set()
    texts = [read(p) for p in glob.glob("deploy/prometheus/*.yml") if p != path and not p.endswith("_test.yml")]
    if os.path.exists("deploy/grafana/wiretag.json"):
        texts.append(read("deploy/grafana/wiretag.json").replace('\\"', '"'))
    for text in texts:
        used.update(re.findall(r'job="([^"]+)"', text))
    if not used:
        problems.append("no job=\"...\" selector in the rules or the dashboard (nothing to compare)")
    for job in used:
        if job not in jobs:
            problems.append(f'rules/dashboard select job="{job}", {path} has jobs {sorted(jobs)}')
    # compose: the mounted config scrapes the wiretag service on the metrics port.
    _, cfg_file, env, argv = other_deployments()[1]
    port = port_of(binary.effective_config(cfg_file, env, config_flags(argv))["metrics"]["listen"])
    targets = [t for sc in jobs.values() for s in sc.get("static_configs", []) for t in s.get("targets", [])]
    if f"wiretag:{port}" not in targets:
        problems.append(f"{path} (mounted by compose) does not scrape wiretag:{port}; targets: {targets}")
    # Kubernetes: the PodMonitor's job label is the pods' jobLabel value.
    for kdir in KUSTOMIZATIONS:
        docs = rendered(kdir)
        pod_labels = {}
        for d in of_kind(docs, "Deployment"):
            pod_labels.update(d["spec"]["template"]["metadata"].get("labels", {}))
        for pm in of_kind(docs, "PodMonitor"):
            label = pm["spec"].get("jobLabel")
            ns = pm["metadata"].get("namespace", "<namespace>")
            job = pod_labels.get(label) if label else f"{ns}/{pm['metadata']['name']}"
            for want in used:
                if job != want:
                    problems.append(f"{kdir}: PodMonitor gives job={job}, rules/dashboard select job={want}")
    return problems


@check("alerts and dashboard tell the live stage (mode=\"live\") from replay pods (mode=\"replay\") scraped under the same job")
def live_and_replay_apart():
    problems = []
    selector = re.compile(r"(wiretag_[a-z_]+)(\{[^}]*\})?")
    # Alerts: a rule over wiretag_* series either selects mode="live" in every
    # selector, or keeps `mode` in each aggregation (so the alert names it).
    rules = load_yaml("deploy/prometheus/wiretag-alerts.yml")
    for group in rules["groups"]:
        for rule in group["rules"]:
            expr = rule["expr"]
            found = selector.findall(expr)
            if not found:
                continue
            all_live = all('mode="live"' in (sel or "") for _, sel in found)
            bys = re.findall(r"\bby\s*\(([^)]*)\)", expr)
            keeps_mode = all("mode" in [x.strip() for x in b.split(",")] for b in bys)
            if not (all_live or keeps_mode):
                problems.append(f"{rule['alert']}: neither selects mode=\"live\" nor keeps mode in by(...): {expr.strip()}")
            if any(name in expr for name in ("wiretag_end_to_end_latency_seconds", "wiretag_consumer_lag_records")) \
                    and not all_live:
                problems.append(f"{rule['alert']}: latency and lag alerts must select the live stage only")
    # Dashboard: a mode variable; every wiretag_* query filters by it, and the
    # instance variable lists the chosen mode's instances only.
    dashboard = json.loads(read("deploy/grafana/wiretag.json"))
    variables = {v["name"]: v for v in dashboard.get("templating", {}).get("list", [])}
    if "mode" not in variables:
        problems.append("the dashboard has no `mode` variable")
    else:
        if variables["mode"].get("current", {}).get("value") != "live":
            problems.append("the dashboard's mode variable does not default to live")
        query = variables.get("instance", {}).get("query", {})
        query = query.get("query", "") if isinstance(query, dict) else query
        if '$mode' not in query:
            problems.append(f"the instance variable does not follow the mode: {query}")
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            for name, sel in selector.findall(target["expr"]):
                if 'mode=~"$mode"' not in (sel or ""):
                    problems.append(f"panel {panel['title']!r}: {name} without mode=~\"$mode\"")
    return problems


@check("the runtime image installs a package for every library the binary links")
def runtime_libraries(binary):
    problems = []
    text = local_debs_as_names(" ".join(a for i, a in runtime_stage() if i == "RUN"))
    installed = set(re.findall(r"\b(lib[a-z0-9.+-]+|ca-certificates)\b", text))
    out = subprocess.run(["readelf", "-d", binary.path], capture_output=True, text=True)
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", out.stdout)
    if not needed:
        return [f"readelf found no NEEDED entries in {binary.path}"]
    ldd = subprocess.run(["ldd", binary.path], capture_output=True, text=True).stdout
    base = {"libc6", "libstdc++6", "libgcc-s1"}
    paths = {}
    for soname in needed:
        m = re.search(rf"^\s*{re.escape(soname)} => (\S+)", ldd, re.M)
        if not m:
            problems.append(f"{soname}: not resolved by ldd")
            continue
        variants = set()
        for p in {m.group(1), os.path.realpath(m.group(1))}:
            variants |= {p, p.replace("/usr/lib/", "/lib/", 1), p.replace("/lib/", "/usr/lib/", 1)}
        paths[soname] = variants
    # One dpkg query for all paths (it is slow per call); misses are expected for
    # the /lib vs /usr/lib variants, so its exit status says nothing.
    query = subprocess.run(["dpkg", "-S"] + sorted(set().union(*paths.values())), capture_output=True, text=True)
    owner = {}
    for line in query.stdout.splitlines():
        pkgs, _, path = line.partition(": ")
        owner[path.strip()] = pkgs.split(",")[0].split(":")[0].strip()
    for soname, variants in paths.items():
        pkg = next((owner[v] for v in sorted(variants) if v in owner), None)
        if pkg is None:
            problems.append(f"{soname} ({sorted(variants)[0]}): no Debian package owns it")
        elif pkg not in base and pkg not in installed:
            problems.append(f"{soname} comes from {pkg}, which the runtime stage does not install")
    return problems


@check("the runtime stage compiles the gazetteer snapshot from the config/ it ships, beside the binary, as root")
def image_gazetteer_snapshot():
    stage = runtime_stage()
    config_dest = next((a.split()[-1] for i, a in stage if i == "COPY" and a.startswith("config/ ")), None)
    binary_dest = next((a.split()[-1] for i, a in stage
                        if i == "COPY" and "--from=build" in a and "/bin/wiretag " in a + " "), None)
    if not config_dest or not binary_dest:
        return ["the runtime stage copies no config/ or no binary"]
    runs = [(k, exec_form(a)) for k, (i, a) in enumerate(stage) if i == "RUN" and "compile-gazetteers" in a]
    if not runs:
        return ["the runtime stage does not run `wiretag compile-gazetteers` (every start would rebuild the gazetteers)"]
    k, argv = runs[0]
    problems = []
    if argv[0] != binary_dest:
        problems.append(f"compile-gazetteers runs {argv[0]}, not the copied binary {binary_dest} (the snapshot goes beside it)")
    if (flag_value(argv, "--config-dir") or "").rstrip("/") != config_dest.rstrip("/"):
        problems.append(f"compile-gazetteers reads {flag_value(argv, '--config-dir')}, not the shipped {config_dest}")
    if "--out" in argv:
        problems.append("compile-gazetteers writes elsewhere than beside the binary, where wiretag looks")
    copy_config = next(j for j, (i, a) in enumerate(stage) if i == "COPY" and a.startswith("config/ "))
    user = next((j for j, (i, a) in enumerate(stage) if i == "USER"), len(stage))
    if not copy_config < k < user:
        problems.append("compile-gazetteers must run after config/ is copied and before USER (root writes beside the binary)")
    return problems


@check("the Dockerfile builds in one stage (librdkafka's packages in another) and copies only what its dockerignore lets through")
def dockerfile_shape():
    problems = []
    stages = dockerfile_stages()
    if len(stages) < 2:
        problems.append("not multi-stage")
    froms = re.findall(r"^FROM\s+(\S+)", read("deploy/Dockerfile"), re.M)
    arg = re.search(r"^ARG DEBIAN_IMAGE=(\S+)", read("deploy/Dockerfile"), re.M)
    for f in froms:
        image = f.replace("${DEBIAN_IMAGE}", arg.group(1) if arg else "")
        if not image.startswith("debian:bookworm"):
            problems.append(f"FROM {f} is not Debian bookworm")
    ignore = read("deploy/Dockerfile.dockerignore").splitlines()
    allowed = [line[1:].rstrip("/*").rstrip("/") for line in ignore if line.startswith("!")]
    setup = read("deploy/setup-debian.sh")
    for name, instrs in stages:
        for instr, a in instrs:
            if instr == "COPY" and "--from" not in a:
                src = a.split()[0].rstrip("/")
                if not any(src == p or src.startswith(p + "/") for p in allowed):
                    problems.append(f"COPY {src}: excluded by deploy/Dockerfile.dockerignore")
            if instr == "RUN" and name == build_stage()[0]:
                for dev in re.findall(r"\b([a-z0-9.+-]+-dev)\b", a):
                    if dev not in setup:
                        problems.append(f"build stage installs {dev}, which deploy/setup-debian.sh does not")
    # The other direction: a library the project builds against is added to
    # setup-debian.sh; the image must get it too. Test, fuzz and benchmark
    # libraries stay out of the image (those targets are off there).
    build_text = local_debs_as_names(" ".join(a for i, a in build_stage()[1] if i == "RUN"))
    test_only = {"libgtest-dev", "libgmock-dev", "libbenchmark-dev", "librapidcheck-dev", "libclang-rt-14-dev"}
    packages = re.search(r"packages=\((.*?)\n\)", setup, re.S).group(1)
    packages = re.sub(r"#[^\n]*", "", packages)
    for dev in re.findall(r"\b([a-z0-9.+-]+-dev)\b", packages):
        if dev not in test_only and not re.search(rf"(?<![\w.+-]){re.escape(dev)}(?![\w.+-])", build_text):
            problems.append(f"deploy/setup-debian.sh installs {dev}; the build stage does not "
                            f"(add it there, or to the test-only list in this check)")
    if "HEALTHCHECK" not in [i for i, _ in runtime_stage()]:
        problems.append("no HEALTHCHECK in the runtime stage")
    if not any(i == "COPY" and a.startswith("config/") for i, a in runtime_stage()):
        problems.append("the runtime stage does not copy config/ (gazetteers, agencies, models, schema)")
    return problems


@check("the build stage's sources and CMake flags configure (cmake, no compile)")
def build_stage_configures():
    build = build_stage()[1]
    problems = []
    with tempfile.TemporaryDirectory() as ctx:
        src = os.path.join(ctx, "src")
        os.makedirs(src)
        for instr, a in build:
            if instr == "COPY" and "--from" not in a:
                what, dest = a.split()[0], a.split()[-1]
                target = os.path.join(src, dest)
                if os.path.isdir(what):
                    shutil.copytree(what, target, dirs_exist_ok=True)
                else:
                    shutil.copy(what, target if not dest.endswith("/") else os.path.join(target, os.path.basename(what)))
        cmake = [a for i, a in build if i == "RUN" and "cmake -S" in a]
        if not cmake:
            return ["no `cmake -S` in the build stage"]
        configure = cmake[0].split("&&")[0].strip()
        out = subprocess.run(configure, shell=True, cwd=src, capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            problems.append(f"`{configure}` fails on the copied sources: {(out.stdout + out.stderr).strip()[-800:]}")
    return problems


@check("the image and the systemd unit use the `cmake --install` layout (bin/wiretag, share/wiretag/config)")
def install_layout():
    problems = []
    build_runs = " ".join(a for i, a in build_stage()[1] if i == "RUN")
    if "cmake --install" not in build_runs:
        problems.append("the Dockerfile's build stage does not run `cmake --install`")
    stage = runtime_stage()
    copies = [a.split() for i, a in stage if i == "COPY"]
    if not any("--from=build" in c[0] and c[-2].endswith("/bin/wiretag") and c[-1] == "/usr/local/bin/wiretag"
               for c in copies):
        problems.append("the runtime stage does not copy the installed bin/wiretag to /usr/local/bin/wiretag")
    if not any(c[0] == "config/" and c[-1].rstrip("/") == "/usr/local/share/wiretag/config" for c in copies):
        problems.append("the runtime stage does not put config/ at /usr/local/share/wiretag/config")
    if not systemd_unit()["ExecStart"][0].split()[0] == "/usr/local/bin/wiretag":
        problems.append("the systemd unit does not run /usr/local/bin/wiretag")
    if systemd_env().get("WIRETAG_DATA_DIR") != "/usr/local/share/wiretag/config":
        problems.append("the systemd unit's WIRETAG_DATA_DIR is not /usr/local/share/wiretag/config")
    if "cmake --install build --prefix /usr/local" not in read(DEPLOYING_PAGE):
        problems.append(f"{DEPLOYING_PAGE}: the VM install does not use `cmake --install build --prefix /usr/local`")
    return problems


@check("systemd-analyze verify accepts the unit")
def systemd_verify(binary):
    tool = shutil.which("systemd-analyze")
    if not tool:
        return ["systemd-analyze not found (package systemd)"]
    with tempfile.TemporaryDirectory() as tmp:
        unit = read("deploy/systemd/wiretag.service").replace("/usr/local/bin/wiretag", binary.path)
        path = os.path.join(tmp, "wiretag.service")
        with open(path, "w") as f:
            f.write(unit)
        out = subprocess.run([tool, "verify", path], capture_output=True, text=True, timeout=60)
        text = (out.stdout + out.stderr).strip()
        # It exits 0 on unknown keys and bad values, but names the file in each warning.
        lines = [l for l in text.splitlines() if "wiretag.service" in l]
        if out.returncode != 0 and not lines:
            lines = [text or f"exit {out.returncode}"]
        return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        print(f"FAIL: {args.binary} is not an executable wiretag binary")
        return 1
    binary = Binary(args.binary)
    yaml_parses()
    promtool_config()
    kustomize_renders()
    dockerfile_shape()
    image_gazetteer_snapshot()
    runtime_libraries(binary)
    not_root()
    healthcheck_command_works()
    live_stage(binary)
    env_names_valid()
    loader_accepts(binary)
    flags_exist(binary)
    probes_match_listener(binary)
    scaledobject_matches_config(binary)
    stop_timeouts(binary)
    service_links_off()
    compose_topics_cover(binary)
    replay_job_uses_stage_config()
    compose_mounts()
    scrape_job_names(binary)
    live_and_replay_apart()
    build_stage_configures()
    install_layout()
    systemd_verify(binary)
    passed = sum(1 for _, ok, _ in RESULTS if ok)
    failed = len(RESULTS) - passed
    print(f"deploy checks: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
