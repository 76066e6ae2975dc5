#!/usr/bin/env python3
"""Runs exchangelib, unchanged, against the emulator's EWS endpoint and prints one JSON object with what it saw.

Usage (Debian's python3-exchangelib):
    python3 exchangelib-check.py --url http://127.0.0.1:8787 --smtp megan@contoso.com --password megan-pass
    python3 exchangelib-check.py --url http://127.0.0.1:8787 --smtp megan@contoso.com --token <access token>
Add --version Exchange2016 (or another) to start from that version instead of exchangelib's guess,
--refused-token T to check that a token the server refuses gives UnauthorizedError, and --server-busy to inject
one 503 through the emulator's control API (/_emulator/faults) and see exchangelib's ErrorServerBusy.

Each step is recorded as {"ok": ...} or {"error": "<exception class>", "message": "..."}; the script itself exits 0
unless exchangelib is missing (exit 3, with the install command on stderr) or the arguments are wrong. It is run by
real-clients.test.ts; run it by hand to see a client's view of the emulator.

exchangelib (4.9) has no GetSharingMetadata service, so this file defines one the way exchangelib defines its own
(an EWSAccountService subclass); everything on the wire (envelope, headers, version negotiation, auth, fault and
response parsing) is exchangelib's.
"""

import argparse
import json
import sys

try:
    import exchangelib
    from exchangelib import (
        BASIC,
        DELEGATE,
        OAUTH2,
        Account,
        Configuration,
        Credentials,
        OAuth2AuthorizationCodeCredentials,
    )
    import requests
    from exchangelib.errors import ErrorServerBusy, EWSError
    from exchangelib.services.common import EWSAccountService
    from exchangelib.util import MNS, TNS, create_element, get_xml_attr, set_xml_value
    from exchangelib.version import EXCHANGE_2010, Version
except ImportError as error:  # pragma: no cover - reported to the test
    print(
        f"exchangelib is not installed ({error}). Install it with: apt-get install python3-exchangelib",
        file=sys.stderr,
    )
    sys.exit(3)


class GetSharingMetadata(EWSAccountService):
    """GetSharingMetadata (Exchange 2010+; MS-OXWSMSHR), written as exchangelib writes its services."""

    SERVICE_NAME = "GetSharingMetadata"
    supported_from = EXCHANGE_2010
    # Operation errors come back as exception instances instead of being raised.
    ERRORS_TO_CATCH_IN_RESPONSE = EWSError

    def call(self, folder_id, sender, recipients):
        return list(self._get_elements(payload=self.get_payload(folder_id, sender, recipients)))

    def get_payload(self, folder_id, sender, recipients):
        payload = create_element(f"m:{self.SERVICE_NAME}")
        if folder_id is not None:
            payload.append(create_element("m:IdOfFolderToShare", attrs=dict(Id=folder_id)))
        sender_elem = create_element("m:SenderSmtpAddress")
        set_xml_value(sender_elem, sender, version=self.protocol.version)
        payload.append(sender_elem)
        if recipients is not None:
            recipients_elem = create_element("m:Recipients")
            for address in recipients:
                smtp = create_element("t:SmtpAddress")
                set_xml_value(smtp, address, version=self.protocol.version)
                recipients_elem.append(smtp)
            payload.append(recipients_elem)
        return payload

    def _get_elements_in_response(self, response):
        # The Body's child is m:GetSharingMetadataResponse itself (messages.xsd: no ResponseMessages wrapper), which
        # exchangelib's _get_soap_messages hands over as the one message.
        for message in response:
            yield self._get_element_container(message=message, name=None)


def describe_error(error):
    return {"error": type(error).__name__, "message": str(error)}


def step(results, name, fn):
    try:
        results[name] = {"ok": fn()}
    except Exception as error:  # noqa: BLE001 - every failure is reported, not raised
        results[name] = describe_error(error)


def folder_info(folder):
    return {
        "class": type(folder).__name__,
        "id": folder.id,
        "changekey": folder.changekey,
        "name": folder.name,
        "folder_class": folder.folder_class,
        "parent_id": folder.parent_folder_id.id if folder.parent_folder_id else None,
        "total_count": folder.total_count,
        "child_folder_count": folder.child_folder_count,
    }


def sharing_result(account, folder_id, sender, recipients):
    [answer] = GetSharingMetadata(account=account).call(folder_id, sender, recipients)
    if isinstance(answer, Exception):
        return describe_error(answer)
    collection = answer.find(f"{{{MNS}}}EncryptedSharedFolderDataCollection")
    invalid = answer.find(f"{{{MNS}}}InvalidRecipients")
    tokens = []
    for data in collection.findall(f"{{{TNS}}}EncryptedSharedFolderData") if collection is not None else []:
        tokens.append([child.tag for part in data for child in part])
    return {
        "response_code": get_xml_attr(answer, f"{{{MNS}}}ResponseCode"),
        "encrypted_shared_folder_data": tokens,
        "invalid_recipients": [
            {
                "smtp": get_xml_attr(node, f"{{{TNS}}}SmtpAddress"),
                "code": get_xml_attr(node, f"{{{TNS}}}ResponseCode"),
                "text": get_xml_attr(node, f"{{{TNS}}}MessageText"),
            }
            for node in (invalid.findall(f"{{{TNS}}}InvalidRecipient") if invalid is not None else [])
        ],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the emulator's base URL, e.g. http://127.0.0.1:8787")
    parser.add_argument("--smtp", required=True, help="the mailbox's primary SMTP address")
    parser.add_argument("--password", help="Basic auth with this password")
    parser.add_argument("--token", help="OAuth 2.0 with this access token")
    parser.add_argument("--refused-token", help="also try OAuth with this token, which the server should refuse")
    parser.add_argument(
        "--server-busy", action="store_true", help="inject one 503 through the emulator's /_emulator/faults and call"
    )
    parser.add_argument("--version", help="RequestServerVersion to start from (default: exchangelib guesses)")
    parser.add_argument("--domain", default="contoso.com", help="the sender's domain, for a same-org recipient")
    args = parser.parse_args()
    if bool(args.password) == bool(args.token):
        parser.error("give exactly one of --password and --token")

    endpoint = args.url.rstrip("/") + "/EWS/Exchange.asmx"
    if args.token:
        credentials = OAuth2AuthorizationCodeCredentials(access_token={"access_token": args.token, "token_type": "Bearer"})
        auth_type = OAUTH2
    else:
        credentials = Credentials(username=args.smtp, password=args.password)
        auth_type = None  # exchangelib guesses it from the 401's WWW-Authenticate challenge
    version = None
    if args.version:
        build = next(v.build for v in Version.all_versions() if v.api_version == args.version)
        version = Version(build=build, api_version=args.version)
    config = Configuration(
        service_endpoint=endpoint, credentials=credentials, auth_type=auth_type, version=version, max_connections=1
    )
    results = {"exchangelib": exchangelib.__version__}

    account = Account(primary_smtp_address=args.smtp, config=config, autodiscover=False, access_type=DELEGATE)
    step(results, "root", lambda: folder_info(account.root))
    results["auth_type"] = account.protocol.auth_type
    step(
        results,
        "server_version",
        lambda: {
            "api_version": account.version.api_version,
            "build": str(account.version.build),
        },
    )
    step(results, "calendar", lambda: folder_info(account.calendar))
    step(results, "contacts", lambda: folder_info(account.contacts))
    step(results, "inbox", lambda: folder_info(account.inbox))

    def refreshed(folder):
        before = folder.id
        folder.refresh()  # GetFolder by FolderId + ChangeKey: the id round-trips
        return {"same_id": folder.id == before, **folder_info(folder)}

    step(results, "calendar_by_id", lambda: refreshed(account.calendar))

    # FindItem, which the emulator does not implement: a plain error, not a round of retries with every version.
    step(results, "not_emulated", lambda: account.inbox.all().count())

    calendar_id = results.get("calendar", {}).get("ok", {}).get("id")
    inbox_id = results.get("inbox", {}).get("ok", {}).get("id")
    domain = args.domain
    step(
        results,
        "sharing",
        lambda: sharing_result(
            account,
            calendar_id,
            args.smtp,
            [
                "alex@fabrikam.com",
                "amy@fabrikam.com",
                "nora@northwind.example",
                "nobody@not-federated.example",
                "bob@blocked.example",
                f"adele@{domain}",
            ],
        ),
    )
    contacts_id = results.get("contacts", {}).get("ok", {}).get("id")
    step(results, "sharing_contacts", lambda: sharing_result(account, contacts_id, args.smtp, ["alex@fabrikam.com"]))
    step(results, "sharing_invalid_smtp", lambda: sharing_result(account, calendar_id, args.smtp, ["not an address"]))
    step(results, "sharing_inbox", lambda: sharing_result(account, inbox_id, args.smtp, ["alex@fabrikam.com"]))
    step(results, "sharing_malformed_id", lambda: sharing_result(account, "AAMk!!", args.smtp, ["alex@fabrikam.com"]))
    unknown = calendar_id[:-8] + "AAAAAAAA" if calendar_id else None
    step(results, "sharing_unknown_id", lambda: sharing_result(account, unknown, args.smtp, ["alex@fabrikam.com"]))
    step(results, "sharing_no_recipients", lambda: sharing_result(account, calendar_id, args.smtp, None))

    # Wrong credentials: the 401 as exchangelib reports it.
    bad = Configuration(
        service_endpoint=endpoint,
        credentials=Credentials(username=args.smtp, password="wrong-password"),
        auth_type=BASIC,
        version=version or account.version,
        max_connections=1,
    )
    step(
        results,
        "bad_password",
        lambda: folder_info(
            Account(primary_smtp_address=args.smtp, config=bad, autodiscover=False, access_type=DELEGATE).root
        ),
    )
    if args.server_busy:

        def busy():
            # The emulator's control API (not EWS): the next EWS request gets its 503 fault, ErrorServerBusy.
            fault = {"match": {"path": "/EWS/Exchange.asmx"}, "count": 1, "status": 503}
            requests.post(args.url.rstrip("/") + "/_emulator/faults", json=fault, timeout=10).raise_for_status()
            account.calendar.refresh()

        try:
            busy()
            results["server_busy"] = {"ok": "no error"}
        except ErrorServerBusy as error:
            results["server_busy"] = {**describe_error(error), "back_off": error.back_off}
        except Exception as error:  # noqa: BLE001
            results["server_busy"] = describe_error(error)

    if args.refused_token:
        refused = Configuration(
            service_endpoint=endpoint,
            credentials=OAuth2AuthorizationCodeCredentials(
                access_token={"access_token": args.refused_token, "token_type": "Bearer"}
            ),
            auth_type=OAUTH2,
            version=version or account.version,
            max_connections=1,
        )
        step(
            results,
            "refused_token",
            lambda: folder_info(
                Account(primary_smtp_address=args.smtp, config=refused, autodiscover=False, access_type=DELEGATE).root
            ),
        )
    print(json.dumps(results, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
