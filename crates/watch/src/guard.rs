//! The address policy: which IP addresses a feed URL may make us connect to.
//!
//! A feed list is configuration that somebody else may write, and a feed
//! server chooses where its redirects go, so a URL must not become a way to
//! reach this machine or its private network (server-side request forgery).
//! The check is done on the *resolved* addresses, never on the host name,
//! and the addresses that passed are the ones connected to: this module's
//! `GuardedResolver` is the HTTP client's only resolver, so a DNS answer
//! that changes between a check and the connect (rebinding) cannot slip
//! past.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// Why an address is not a public unicast address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressKind {
    /// 127.0.0.0/8, ::1.
    Loopback,
    /// 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10 (deprecated site-local).
    Private,
    /// 169.254/16, fe80::/10.
    LinkLocal,
    /// 100.64.0.0/10, carrier-grade NAT: inside a provider's network.
    SharedNat,
    /// 0.0.0.0/8, ::. Connecting to 0.0.0.0 reaches this machine on Linux.
    Unspecified,
    /// 224/4, ff00::/8.
    Multicast,
    /// 255.255.255.255.
    Broadcast,
    /// Documentation, benchmarking, protocol-assignment, reserved and
    /// unassigned ranges: nothing legitimate serves feeds there.
    Reserved,
}

impl AddressKind {
    /// Kinds that no setting allows: they are never a feed server, and
    /// "unspecified" is a back door to loopback.
    pub fn never_allowed(self) -> bool {
        matches!(
            self,
            AddressKind::Unspecified | AddressKind::Multicast | AddressKind::Broadcast
        )
    }

    fn describe(self) -> &'static str {
        match self {
            AddressKind::Loopback => "loopback",
            AddressKind::Private => "private",
            AddressKind::LinkLocal => "link-local",
            AddressKind::SharedNat => "carrier-grade NAT (shared)",
            AddressKind::Unspecified => "unspecified",
            AddressKind::Multicast => "multicast",
            AddressKind::Broadcast => "broadcast",
            AddressKind::Reserved => "reserved or special-purpose",
        }
    }
}

impl fmt::Display for AddressKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// True when `ip` is an ordinary public unicast address.
pub fn is_public(ip: IpAddr) -> bool {
    classify(ip).is_none()
}

/// `None` for a public unicast address, otherwise what kind of address it is.
pub fn classify(ip: IpAddr) -> Option<AddressKind> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - prefix)
    };
    (u32::from(ip) & mask) == (u32::from(Ipv4Addr::from(net)) & mask)
}

fn classify_v4(ip: Ipv4Addr) -> Option<AddressKind> {
    use AddressKind::*;
    // Ordered from most to least specific where ranges nest (the broadcast
    // address sits inside 240/4).
    let table: &[([u8; 4], u32, AddressKind)] = &[
        ([255, 255, 255, 255], 32, Broadcast),
        ([0, 0, 0, 0], 8, Unspecified),
        ([10, 0, 0, 0], 8, Private),
        ([100, 64, 0, 0], 10, SharedNat),
        ([127, 0, 0, 0], 8, Loopback),
        ([169, 254, 0, 0], 16, LinkLocal),
        ([172, 16, 0, 0], 12, Private),
        ([192, 0, 0, 0], 24, Reserved),   // IETF protocol assignments
        ([192, 0, 2, 0], 24, Reserved),   // TEST-NET-1
        ([192, 88, 99, 0], 24, Reserved), // 6to4 relay anycast (deprecated)
        ([192, 168, 0, 0], 16, Private),
        ([198, 18, 0, 0], 15, Reserved),   // benchmarking
        ([198, 51, 100, 0], 24, Reserved), // TEST-NET-2
        ([203, 0, 113, 0], 24, Reserved),  // TEST-NET-3
        ([224, 0, 0, 0], 4, Multicast),    //
        ([240, 0, 0, 0], 4, Reserved),     // "future use"
    ];
    table
        .iter()
        .find(|(net, prefix, _)| in_v4(ip, *net, *prefix))
        .map(|(_, _, kind)| *kind)
}

fn in_v6(ip: Ipv6Addr, net: [u16; 8], prefix: u32) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u128::MAX << (128 - prefix)
    };
    (u128::from(ip) & mask) == (u128::from(Ipv6Addr::from(net)) & mask)
}

/// The IPv4 address held in the low 32 bits.
fn low_v4(ip: Ipv6Addr) -> Ipv4Addr {
    Ipv4Addr::from((u128::from(ip) & 0xffff_ffff) as u32)
}

fn classify_v6(ip: Ipv6Addr) -> Option<AddressKind> {
    use AddressKind::*;
    if ip.is_unspecified() {
        return Some(Unspecified);
    }
    if ip.is_loopback() {
        return Some(Loopback);
    }
    // Forms that carry an IPv4 address and reach it: judge the IPv4 address,
    // so ::ffff:127.0.0.1 is loopback and ::ffff:8.8.8.8 is public.
    // IPv4-mapped ::ffff:0:0/96 and NAT64 64:ff9b::/96 (a translator connects
    // to the embedded address).
    if in_v6(ip, [0, 0, 0, 0, 0, 0xffff, 0, 0], 96)
        || in_v6(ip, [0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96)
    {
        return classify_v4(low_v4(ip));
    }
    // 6to4 2002::/16 embeds the IPv4 address in bits 16..48.
    if in_v6(ip, [0x2002, 0, 0, 0, 0, 0, 0, 0], 16) {
        let s = ip.segments();
        let v4 = Ipv4Addr::from((u32::from(s[1]) << 16) | u32::from(s[2]));
        return classify_v4(v4);
    }
    let table: &[([u16; 8], u32, AddressKind)] = &[
        ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, Multicast),
        ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, LinkLocal),
        ([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, Private), // site-local, deprecated
        ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, Private),  // unique local
        ([0, 0, 0, 0, 0, 0, 0, 0], 96, Reserved),     // IPv4-compatible, deprecated
        ([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, Reserved), // local-use NAT64
        ([0x100, 0, 0, 0, 0, 0, 0, 0], 64, Reserved), // discard-only
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23, Reserved), // IETF assignments, incl. Teredo
        ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, Reserved), // documentation
        ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, Reserved), // documentation
        ([0x5f00, 0, 0, 0, 0, 0, 0, 0], 16, Reserved), // SRv6 SIDs
    ];
    if let Some((_, _, kind)) = table.iter().find(|(net, p, _)| in_v6(ip, *net, *p)) {
        return Some(*kind);
    }
    // Only 2000::/3 is allocated for global unicast; anything else is
    // unassigned today, and refusing it is the safe reading.
    if !in_v6(ip, [0x2000, 0, 0, 0, 0, 0, 0, 0], 3) {
        return Some(Reserved);
    }
    None
}

/// An address (any port) or a socket address (one port) that the policy
/// allows even though it is not public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllowEntry {
    /// Every port on this address.
    Ip(IpAddr),
    /// This address and port only.
    Socket(SocketAddr),
}

impl AllowEntry {
    /// Parses `10.0.0.5`, `::1`, `127.0.0.1:8080` or `[::1]:8080`.
    pub fn parse(text: &str) -> Option<AllowEntry> {
        let text = text.trim();
        if let Ok(sock) = text.parse::<SocketAddr>() {
            return Some(AllowEntry::Socket(sock));
        }
        // "[::1]" without a port: strip the brackets.
        let bare = text
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .unwrap_or(text);
        bare.parse::<IpAddr>().ok().map(AllowEntry::Ip)
    }

    fn matches(&self, addr: SocketAddr) -> bool {
        match self {
            AllowEntry::Ip(ip) => same_ip(*ip, addr.ip()),
            AllowEntry::Socket(sock) => same_ip(sock.ip(), addr.ip()) && sock.port() == addr.port(),
        }
    }
}

/// Equal, reading IPv4-mapped IPv6 as the IPv4 address it maps.
fn same_ip(a: IpAddr, b: IpAddr) -> bool {
    a.to_canonical() == b.to_canonical()
}

impl fmt::Display for AllowEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllowEntry::Ip(ip) => write!(f, "{ip}"),
            AllowEntry::Socket(sock) => write!(f, "{sock}"),
        }
    }
}

/// Which non-public addresses a feed may connect to. The default refuses
/// every non-public address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Allow loopback, private, link-local, shared-NAT and reserved addresses.
    pub allow_private: bool,
    /// Non-public addresses allowed one by one, when `allow_private` is off.
    pub allow: Vec<AllowEntry>,
}

/// A connection the policy refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The host as written in the URL.
    pub host: String,
    /// The resolved address that was refused.
    pub addr: SocketAddr,
    /// What kind of address it is.
    pub kind: AddressKind,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "refused to connect to {} ({}): {} address",
            self.host, self.addr, self.kind
        )?;
        if self.kind.never_allowed() {
            f.write_str(", which is never allowed")
        } else {
            f.write_str(
                " (set allow_private = true, or list the address in allow_addresses, to permit it)",
            )
        }
    }
}

impl std::error::Error for Refusal {}

impl monazite_types::error_code::ErrorCode for Refusal {
    fn code(&self) -> monazite_types::error_code::Code {
        monazite_types::error_code::Code::FeedRefused
    }
}

impl AddressPolicy {
    /// Checks one resolved address.
    pub fn check(&self, host: &str, addr: SocketAddr) -> Result<(), Refusal> {
        let Some(kind) = classify(addr.ip()) else {
            return Ok(());
        };
        let refusal = || Refusal {
            host: host.to_string(),
            addr,
            kind,
        };
        if kind.never_allowed() {
            return Err(refusal());
        }
        if self.allow_private || self.allow.iter().any(|entry| entry.matches(addr)) {
            return Ok(());
        }
        Err(refusal())
    }

    /// Checks every address a host resolved to. One bad address refuses the
    /// host: the client may try any of them, and a host that mixes public and
    /// private answers is exactly what a rebinding attack looks like.
    pub fn check_all(&self, host: &str, addrs: &[SocketAddr]) -> Result<(), Refusal> {
        addrs.iter().try_for_each(|addr| self.check(host, *addr))
    }
}

/// The HTTP client's resolver: the system resolver, then the policy over
/// every answer. The client connects only to what this returns.
#[derive(Debug)]
pub(crate) struct GuardedResolver {
    inner: DefaultResolver,
    policy: AddressPolicy,
}

impl GuardedResolver {
    pub(crate) fn new(policy: AddressPolicy) -> Self {
        GuardedResolver {
            inner: DefaultResolver::default(),
            policy,
        }
    }
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addrs = self.inner.resolve(uri, config, timeout)?;
        let host = uri.host().unwrap_or_default();
        self.policy
            .check_all(host, &addrs)
            .map_err(|refusal| ureq::Error::Other(Box::new(refusal)))?;
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<AddressKind> {
        classify(text.parse().expect("test address"))
    }

    #[test]
    fn public_addresses() {
        for text in [
            "1.1.1.1",
            "8.8.8.8",
            "9.255.255.255",
            "11.0.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "126.255.255.255",
            "128.0.0.0",
            "169.253.255.255",
            "169.255.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.0.1.0",
            "192.0.3.0",
            "192.167.255.255",
            "192.169.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
            "2606:4700:4700::1111",
            "2001:4860:4860::8888",
            "2a00:1450:4001::1",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "2001:200::1",
        ] {
            assert_eq!(kind(text), None, "{text} should be public");
            assert!(is_public(text.parse().expect("test address")));
        }
    }

    #[test]
    fn non_public_ipv4() {
        use AddressKind::*;
        for (text, want) in [
            ("0.0.0.0", Unspecified),
            ("0.255.255.255", Unspecified),
            ("10.0.0.0", Private),
            ("10.255.255.255", Private),
            ("100.64.0.0", SharedNat),
            ("100.127.255.255", SharedNat),
            ("127.0.0.1", Loopback),
            ("127.255.255.254", Loopback),
            ("169.254.0.0", LinkLocal),
            ("169.254.169.254", LinkLocal),
            ("172.16.0.0", Private),
            ("172.31.255.255", Private),
            ("192.0.0.8", Reserved),
            ("192.0.2.1", Reserved),
            ("192.88.99.1", Reserved),
            ("192.168.0.1", Private),
            ("192.168.255.255", Private),
            ("198.18.0.1", Reserved),
            ("198.19.255.255", Reserved),
            ("198.51.100.7", Reserved),
            ("203.0.113.9", Reserved),
            ("224.0.0.1", Multicast),
            ("239.255.255.255", Multicast),
            ("240.0.0.1", Reserved),
            ("255.255.255.254", Reserved),
            ("255.255.255.255", Broadcast),
        ] {
            assert_eq!(kind(text), Some(want), "{text}");
        }
    }

    #[test]
    fn non_public_ipv6() {
        use AddressKind::*;
        for (text, want) in [
            ("::", Unspecified),
            ("::1", Loopback),
            ("::ffff:127.0.0.1", Loopback),
            ("::ffff:10.1.2.3", Private),
            ("::ffff:169.254.169.254", LinkLocal),
            ("::ffff:0.0.0.0", Unspecified),
            ("::ffff:100.64.0.1", SharedNat),
            ("64:ff9b::7f00:1", Loopback),
            ("64:ff9b::a00:1", Private),
            ("64:ff9b:1::1", Reserved),
            ("2002:7f00:1::", Loopback),
            ("2002:c0a8:101::1", Private),
            ("::127.0.0.1", Reserved),
            ("::2", Reserved),
            ("100::1", Reserved),
            ("2001::1", Reserved),
            ("2001:db8::1", Reserved),
            ("3fff::1", Reserved),
            ("5f00::1", Reserved),
            ("fc00::1", Private),
            ("fd12:3456::1", Private),
            ("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Private),
            ("fe80::1", LinkLocal),
            ("febf:ffff::1", LinkLocal),
            ("fec0::1", Private),
            ("ff02::1", Multicast),
            ("ff05::2", Multicast),
            ("4000::1", Reserved),
            ("1fff:ffff::1", Reserved),
            ("e000::1", Reserved),
        ] {
            assert_eq!(kind(text), Some(want), "{text}");
        }
    }

    fn sock(text: &str) -> SocketAddr {
        text.parse().expect("test socket address")
    }

    #[test]
    fn policy_refuses_by_default_and_allows_when_told() {
        let strict = AddressPolicy::default();
        let refusal = strict
            .check("localhost", sock("127.0.0.1:80"))
            .expect_err("loopback must be refused");
        assert_eq!(refusal.kind, AddressKind::Loopback);
        let message = refusal.to_string();
        assert!(message.contains("localhost"), "{message}");
        assert!(message.contains("127.0.0.1:80"), "{message}");
        assert!(message.contains("allow_private"), "{message}");
        assert!(strict
            .check("example.com", sock("93.184.215.14:443"))
            .is_ok());

        let open = AddressPolicy {
            allow_private: true,
            allow: Vec::new(),
        };
        assert!(open.check("h", sock("10.0.0.1:80")).is_ok());
        assert!(open.check("h", sock("[::1]:80")).is_ok());
        // Never allowed, whatever the setting.
        for never in [
            "0.0.0.0:80",
            "[::]:80",
            "224.0.0.1:80",
            "255.255.255.255:80",
        ] {
            let refusal = open.check("h", sock(never)).expect_err(never);
            assert!(refusal.to_string().contains("never allowed"));
        }
    }

    #[test]
    fn allow_list_is_exact() {
        let policy = AddressPolicy {
            allow_private: false,
            allow: vec![
                AllowEntry::parse("127.0.0.1:8080").expect("entry"),
                AllowEntry::parse("10.0.0.5").expect("entry"),
            ],
        };
        assert!(policy.check("h", sock("127.0.0.1:8080")).is_ok());
        assert!(policy.check("h", sock("[::ffff:127.0.0.1]:8080")).is_ok());
        assert!(policy.check("h", sock("127.0.0.1:8081")).is_err());
        assert!(policy.check("h", sock("127.0.0.2:8080")).is_err());
        assert!(policy.check("h", sock("10.0.0.5:1")).is_ok());
        assert!(policy.check("h", sock("10.0.0.6:1")).is_err());
        // An allow-list entry does not open the never-allowed kinds.
        let zero = AddressPolicy {
            allow_private: false,
            allow: vec![AllowEntry::parse("0.0.0.0").expect("entry")],
        };
        assert!(zero.check("h", sock("0.0.0.0:80")).is_err());
    }

    #[test]
    fn one_bad_answer_refuses_the_host() {
        let policy = AddressPolicy::default();
        let addrs = [sock("93.184.215.14:80"), sock("192.168.1.1:80")];
        let refusal = policy
            .check_all("mixed.example", &addrs)
            .expect_err("mixed");
        assert_eq!(refusal.addr, sock("192.168.1.1:80"));
        assert!(policy.check_all("ok.example", &addrs[..1]).is_ok());
    }

    #[test]
    fn allow_entry_parsing() {
        assert_eq!(
            AllowEntry::parse("[::1]:9000"),
            Some(AllowEntry::Socket(sock("[::1]:9000")))
        );
        assert_eq!(
            AllowEntry::parse("[::1]"),
            Some(AllowEntry::Ip("::1".parse().expect("ip")))
        );
        assert_eq!(
            AllowEntry::parse("fe80::1").map(|e| e.to_string()),
            Some("fe80::1".into())
        );
        assert_eq!(AllowEntry::parse("localhost"), None);
        assert_eq!(AllowEntry::parse("10.0.0.1:99999"), None);
        assert_eq!(AllowEntry::parse(""), None);
    }
}
