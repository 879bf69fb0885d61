"""The pcap's truth (mkpcap.py's "proto src sport dst dport packets bytes"
lines) and the per-flow comparison the stream checkers share."""


def load(path):
    truth = {}
    for line in open(path):
        p = line.split()
        truth[(int(p[0]), p[1], int(p[2]), p[3], int(p[4]))] = [int(p[5]), int(p[6])]
    return truth


def compare(truth, sets):
    """sets: {who: {5-tuple: [packets, bytes]}}; prints each difference, returns how many."""
    bad = 0
    for who, g in sets.items():
        for k, v in truth.items():
            if list(g.get(k, [0, 0])) != v:
                print("FAIL: %s: flow %s: %s, sent %s" % (who, k, g.get(k), v))
                bad += 1
        for k in g:
            if k not in truth:
                print("FAIL: %s: unexpected flow %s %s" % (who, k, g[k]))
                bad += 1
    return bad


def totals(truth):
    return "%d flows, %d packets, %d bytes" % (
        len(truth), sum(v[0] for v in truth.values()), sum(v[1] for v in truth.values()))
