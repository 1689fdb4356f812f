package io.github.sdwatchdog.ports;

import com.sun.jna.Native;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The network namespace's TCP listeners on the awaited ports, from the kernel's socket diagnostics (netlink
 * NETLINK_SOCK_DIAG, what {@code ss -lt} reads): one dump per family and awaited port, filtered by the kernel to
 * listeners on that port. The kernel walks only its listening hash to answer, so a poll costs the same with
 * 30 fds or 30,000 and however many connections the machine has. The answer covers every process in the
 * namespace, so when a listener not yet judged appears, the fds are looked at once ({@link OwnListeners}): the port
 * counts if one of them listens on it, and otherwise the listener is another process's and is not looked up again.
 * A unit whose {@code RestrictAddressFamilies=} leaves out AF_NETLINK cannot open the socket: the constructor
 * throws, and the caller scans the fds at every poll instead.
 */
final class SockDiagListeners implements ListenerSource, AutoCloseable {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000; // children must not inherit the fd
    private static final int NETLINK_SOCK_DIAG = 4;
    private static final int SOCK_DIAG_BY_FAMILY = 20;
    private static final int NLM_F_REQUEST_DUMP = 0x301; // NLM_F_REQUEST | NLM_F_ROOT | NLM_F_MATCH
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int[] FAMILIES = {2, 10}; // AF_INET, AF_INET6 (a dual-stack listener is AF_INET6)
    private static final int IPPROTO_TCP = 6;
    private static final int TCPF_LISTEN = 1 << 10;
    private static final int HEADER = 16; // struct nlmsghdr
    private static final int REQUEST = HEADER + 56; // + struct inet_diag_req_v2
    private static final int SPORT = HEADER + 4; // inet_diag_msg.id.idiag_sport, network order
    private static final int INODE = HEADER + 68; // inet_diag_msg.idiag_inode

    private final OwnListeners fds;
    private final Set<Long> foreign = new HashSet<>();
    private final List<Long> unjudged = new ArrayList<>();
    private final byte[] request = new byte[REQUEST];
    private final byte[] answer = new byte[16384];
    // Netlink headers and inet_diag's other fields are in host order; ports are in network order.
    private final ByteBuffer requestFields = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
    private final ByteBuffer answerFields = ByteBuffer.wrap(answer).order(ByteOrder.nativeOrder());
    private final int fd;
    private int sequence;

    /** Opens the netlink socket and asks once, so a kernel or a unit that refuses it is known here. */
    SockDiagListeners() throws IOException {
        fds = new OwnListeners();
        fds.scan(new PortSet(List.of())); // the first listing of the fds is the slowest: here, not once the port listens
        writeFixedFields();
        fd = SocketCalls.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        if (fd < 0) {
            throw new IOException("cannot open a netlink sock_diag socket: errno " + Native.getLastError());
        }
        try {
            // A dump's answer is queued before send returns; the timeout only keeps a kernel that never ends it
            // from holding the watchdog thread.
            if (SocketCalls.setsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_RCVTIMEO, new long[] {1, 0}, 16) != 0) {
                throw new IOException("cannot set a receive timeout on the netlink socket: errno " + Native.getLastError());
            }
            dump(FAMILIES[0], 0, null);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void scan(PortSet ports) throws IOException {
        List<Integer> waiting = ports.waitingFor();
        for (int family : FAMILIES) {
            for (int port : waiting) {
                dump(family, port, ports);
            }
        }
        if (!unjudged.isEmpty()) {
            fds.scan(ports);
            for (long inode : unjudged) {
                foreign.add(inode); // this process's own would have ended the wait for its port; those left are not
            }
            unjudged.clear();
        }
    }

    /** One request for the family's listeners on the port; each in the answer is a candidate (with ports null, none). */
    private void dump(int family, int port, PortSet ports) throws IOException {
        int seq = ++sequence;
        writeRequest(family, port, seq);
        if (SocketCalls.send(fd, request, REQUEST, 0) != REQUEST) {
            throw new IOException("netlink sock_diag request failed: errno " + Native.getLastError());
        }
        while (true) {
            long length = SocketCalls.recv(fd, answer, answer.length, 0);
            if (length <= 0) {
                throw new IOException("netlink sock_diag answer failed: errno " + Native.getLastError());
            }
            for (int at = 0; at + HEADER <= length; ) {
                int size = answerFields.getInt(at);
                int type = answerFields.getShort(at + 4);
                if (size < HEADER || at + size > length) {
                    throw new IOException("netlink sock_diag answered a malformed message");
                }
                if (answerFields.getInt(at + 8) == seq) {
                    if (type == NLMSG_DONE) {
                        return;
                    }
                    if (type == NLMSG_ERROR) {
                        throw new IOException("netlink sock_diag refused the request: errno " + -answerFields.getInt(at + HEADER));
                    }
                    if (type == SOCK_DIAG_BY_FAMILY && size >= INODE + 4 && ports != null) {
                        candidate(ports, (answer[at + SPORT] & 0xff) << 8 | (answer[at + SPORT + 1] & 0xff),
                                answerFields.getInt(at + INODE) & 0xffffffffL);
                    }
                } // else: the rest of an earlier dump that failed half-way
                at += (size + 3) & ~3;
            }
        }
    }

    private void candidate(PortSet ports, int port, long inode) {
        if (ports.awaited(port) >= 0 && !foreign.contains(inode)) { // the kernel filters by port; this holds if not
            unjudged.add(inode);
        }
    }

    /** nlmsghdr, then inet_diag_req_v2: TCP, listeners only, no cookie; each request sets the rest. */
    private void writeFixedFields() {
        requestFields.putInt(0, REQUEST).putShort(4, (short) SOCK_DIAG_BY_FAMILY).putShort(6, (short) NLM_F_REQUEST_DUMP);
        request[HEADER + 1] = IPPROTO_TCP;
        requestFields.putInt(HEADER + 4, TCPF_LISTEN);
        requestFields.putInt(HEADER + 48, -1).putInt(HEADER + 52, -1); // idiag_cookie: INET_DIAG_NOCOOKIE
    }

    /** The sequence number, the family and the source port (0: any). */
    private void writeRequest(int family, int port, int seq) {
        requestFields.putInt(8, seq);
        request[HEADER] = (byte) family;
        request[HEADER + 8] = (byte) (port >>> 8); // idiag_sport, network order
        request[HEADER + 9] = (byte) port;
    }

    @Override
    public void close() {
        SocketCalls.close(fd);
    }
}
