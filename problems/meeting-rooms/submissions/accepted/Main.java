import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

// Events: +1 at a start, -1 at an end; at equal times the end comes first (half-open meetings).
class Main {
    static DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(System.in, 1 << 16));

    static long nextLong() throws IOException {
        long r = 0;
        int b;
        do { b = in.read(); } while (b < '0' || b > '9');
        while (b >= '0' && b <= '9') { r = r * 10 + (b - '0'); b = in.read(); }
        return r;
    }

    public static void main(String[] args) throws IOException {
        int n = (int) nextLong();
        long[] events = new long[2 * n];
        for (int i = 0; i < n; i++) {
            long s = nextLong(), e = nextLong();
            events[2 * i] = s * 2 + 1;  // start: sorts after an end at the same time
            events[2 * i + 1] = e * 2;  // end
        }
        Arrays.sort(events);
        int rooms = 0, best = 0;
        for (long ev : events) {
            rooms += (ev & 1) == 1 ? 1 : -1;
            best = Math.max(best, rooms);
        }
        System.out.println(best);
    }
}
