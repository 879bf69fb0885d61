"""tshark's JSON decode of NetFlow/IPFIX (tshark -T json, dissector cflow),
walked once for every suite."""
import json


def cflow_records(path, marker):
    """Every record tshark decoded that has the field @marker (e.g.
    "cflow.packets" for flows, "cflow.nat_event" for NAT events), as the
    dict of its cflow.* fields, in the order of the capture."""
    out = []

    def walk(node):
        if isinstance(node, dict):
            if marker in node:
                out.append(node)
                return
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for pkt in json.load(open(path)):
        walk(pkt["_source"]["layers"].get("cflow", {}))
    return out


def addr(rec, v4, v6):
    """The address a record carries under its IPv4 or IPv6 field name."""
    return rec.get(v4) or rec.get(v6)
