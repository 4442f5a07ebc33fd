"""The ``onair`` command: onair seed-demo, onair export, ..."""
from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from pathlib import Path

from app.database import open_from_settings
from app.embedded.store import StoreError, StoreLocked
from app.progress import progress_printer


def load_settings(config_uri: str) -> dict:
    from pyramid.paster import get_appsettings, setup_logging

    setup_logging(config_uri)
    from app import DEFAULTS

    return {**DEFAULTS, **get_appsettings(config_uri)}


def cmd_seed_demo(args, settings) -> int:
    from data.demo.synthetic import seed_synthetic

    from data.demo.content import seed_demo

    store = open_from_settings(settings)
    try:
        started = time.monotonic()
        counts = {}
        from data.catalog.show import Show

        if Show.objects.count() == 0:
            counts.update(seed_demo())
        elif not args.episodes:
            print("The store already has content; nothing to seed. (--episodes N adds a synthetic catalog.)")
        if args.episodes:
            print(f"Generating a synthetic catalog of {args.episodes} episodes "
                  f"with ~{args.transcript_kb} KB transcripts...", file=sys.stderr)
            synthetic = seed_synthetic(args.episodes, transcript_kb=args.transcript_kb,
                                       guests=args.guests, courses=args.courses, progress=progress_printer())
            for key, value in synthetic.items():
                counts[key] = counts.get(key, 0) + value
        if store is not None:
            report = store.flush()
            counts["collections written"] = len(report.collections)
        summary = ", ".join(f"{value} {key}" for key, value in counts.items()) or "nothing"
        print(f"Seeded: {summary} in {time.monotonic() - started:.1f} s.")
    finally:
        if store is not None:
            store.close()
    return 0


def cmd_export(args, settings) -> int:
    """Copy the embedded store (already in mongodump layout) to a folder for mongorestore."""
    store = open_from_settings(settings)
    if store is None:
        print("export copies the embedded store; with a MongoDB server, use mongodump.", file=sys.stderr)
        return 2
    try:
        store.flush()
        target = Path(args.directory)
        source = store.directory / store.db_name
        if target.exists() and any(target.iterdir()):
            print(f"{target} is not empty; choose a new folder.", file=sys.stderr)
            return 2
        files = sorted(source.glob("*.bson")) + sorted(source.glob("*.metadata.json"))
        (target / store.db_name).mkdir(parents=True, exist_ok=True)
        for path in files:
            shutil.copy2(path, target / store.db_name / path.name)
        size = sum(path.stat().st_size for path in files)
        print(f"Exported {len(files) // 2} collections ({size / 1e6:.1f} MB) to {target}.\n"
              f"Load them into MongoDB with: mongorestore --uri \"$ONAIR_MONGODB_URI\" --dir {target}")
    finally:
        store.close()
    return 0


# --- Accounts: onair create-admin, onair set-password ------------------------------
def read_new_password(args, email: str) -> str | None:
    """The new password from stdin (--password-stdin) or typed twice without echo; None after explaining."""
    from data.accounts.passwords import password_problems

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        password = getpass.getpass("New password: ")
        if getpass.getpass("The same password again: ") != password:
            print("The two passwords are not the same; nothing was changed.", file=sys.stderr)
            return None
    problems = password_problems(password, email)
    if problems:
        print("That password is refused: " + " ".join(problems), file=sys.stderr)
        return None
    return password


def with_store(settings, work):
    store = open_from_settings(settings)
    try:
        result = work()
        if store is not None:
            store.flush()
        return result
    finally:
        if store is not None:
            store.close()


def cmd_create_admin(args, settings) -> int:
    from data.accounts import user_service
    from data.editing import audit_service

    def work():
        if user_service.by_email(args.email):
            print(f"There is already an account for {args.email.strip().lower()}; "
                  "use `onair set-password` to change its password.", file=sys.stderr)
            return 1
        password = read_new_password(args, args.email)
        if password is None:
            return 1
        try:
            user = user_service.create(args.email, args.name or "", password, role="admin")
        except user_service.AccountError as exc:
            print(f"onair: {exc}", file=sys.stderr)
            return 1
        audit_service.record(None, "create", target=user, label=user.email,
                             changes=audit_service.diff({}, user_service.snapshot(user)))
        print(f"Created admin {user.email} ({user.display_name}). Log in at /admin/login.")
        return 0

    try:
        return with_store(settings, work)
    except StoreLocked as exc:
        print(f"onair: {exc}\nWhile the site runs, create the first admin in the browser instead: its "
              "start-up log shows a one-time link to /admin/setup.", file=sys.stderr)
        return 1


def cmd_set_password(args, settings) -> int:
    from data.accounts import user_service
    from data.editing import audit_service

    def work():
        user = user_service.by_email(args.email)
        if user is None:
            print(f"There is no account for {args.email.strip().lower()}.", file=sys.stderr)
            return 1
        password = read_new_password(args, user.email)
        if password is None:
            return 1
        user_service.set_password(user, password)
        audit_service.record(None, "password_change", target=user, label=user.email,
                             changes={"password": ["(changed)", "(changed)"]})
        print(f"Password changed for {user.email}. Their other sessions have ended.")
        return 0

    return with_store(settings, work)


def cmd_send_mail(args, settings) -> int:
    """Retry the mail kept in the outbox (app/mail.py); run it from a timer (cron, systemd)."""
    from app.mail import Mail

    mail = Mail(settings)
    if mail.mode != "smtp":
        print("onair: mail is written as files with this config (onair.mail = file); nothing to send.")
        return 0
    sent, waiting = mail.send_outbox()
    print(f"Sent {sent} kept message(s); {waiting} still waiting.")
    return 1 if waiting else 0


def cmd_generate_secrets(args, settings) -> int:
    """A fresh pair for the environment of a production server (never the ini, never git)."""
    from app.security import generate_secrets

    for name, value in generate_secrets().items():
        print(f"{name}={value}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="onair", description="Run and maintain an onair site.")
    parser.add_argument("-c", "--config", default="development.ini", help="the ini file (default: development.ini)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    seed = commands.add_parser("seed-demo", help="load demo content; --episodes N adds a synthetic catalog")
    seed.add_argument("--episodes", type=int, default=0, help="synthetic episodes to generate")
    seed.add_argument("--transcript-kb", type=int, default=100, help="size of each synthetic transcript")
    seed.add_argument("--guests", type=int, default=300)
    seed.add_argument("--courses", type=int, default=20)
    seed.set_defaults(handler=cmd_seed_demo)

    export = commands.add_parser("export", help="copy the embedded store to a folder, ready for mongorestore")
    export.add_argument("directory")
    export.set_defaults(handler=cmd_export)

    stdin_help = "read the password from the first line of stdin instead of asking twice"
    create_admin = commands.add_parser("create-admin", help="create an admin account (asks for the password)")
    create_admin.add_argument("--email", required=True)
    create_admin.add_argument("--name", default="", help="display name (default: the email's name part)")
    create_admin.add_argument("--password-stdin", action="store_true", help=stdin_help)
    create_admin.set_defaults(handler=cmd_create_admin)

    set_password = commands.add_parser("set-password", help="set an account's password (asks for it)")
    set_password.add_argument("--email", required=True)
    set_password.add_argument("--password-stdin", action="store_true", help=stdin_help)
    set_password.set_defaults(handler=cmd_set_password)
    send_mail = commands.add_parser("send-mail", help="retry the mail kept in the outbox")
    send_mail.set_defaults(handler=cmd_send_mail)
    generate = commands.add_parser("generate-secrets", help="print a fresh ONAIR_SESSION_SECRET and ONAIR_AUTH_SECRET")
    generate.set_defaults(handler=cmd_generate_secrets)
    from app.content_commands import add_commands  # reindex, import-transcripts, import-feed

    add_commands(commands)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not Path(args.config).exists():
        parser.error(f"no such config file: {args.config}")
    settings = load_settings(args.config)
    try:
        return args.handler(args, settings)
    except StoreError as exc:
        print(f"onair: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        logging.getLogger(__name__).warning("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
