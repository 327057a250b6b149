// Express's 'trust proxy' setting, with each address's answer kept. Express asks it on every
// req.secure (the HTTPS check of every request in production) and every req.ip (the throttles), and
// proxy-addr's compiled check parses the address anew each time: about 10 µs a request here, where
// the answer for one address never changes. Only for lists of addresses and subnets, whose answer
// does not depend on the hop (a hop count would).
import proxyaddr from 'proxy-addr';

/** Addresses whose answer is kept; past that the list starts again (a proxy in front is one address). */
const KEPT = 1000;

export function trustedProxies(list: string | string[]): (address: string, hop: number) => boolean {
  const trust = proxyaddr.compile(list);
  const known = new Map<string, boolean>();
  return (address) => {
    let answer = known.get(address);
    if (answer === undefined) {
      if (known.size >= KEPT) known.clear();
      answer = trust(address, 0);
      known.set(address, answer);
    }
    return answer;
  };
}
