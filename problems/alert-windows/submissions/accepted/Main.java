import java.io.DataInputStream;
import java.io.IOException;

class Main {
    static DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(System.in, 1 << 16));

    static int nextInt() throws IOException {
        int ret = 0, b;
        do { b = in.read(); } while (b != '-' && (b < '0' || b > '9'));
        boolean neg = b == '-';
        if (neg) b = in.read();
        while (b >= '0' && b <= '9') { ret = ret * 10 + (b - '0'); b = in.read(); }
        return neg ? -ret : ret;
    }

    public static void main(String[] args) throws IOException {
        int n = nextInt(), k = nextInt();
        int[] c = new int[n];
        for (int i = 0; i < n; i++) c[i] = nextInt();
        int[] cnt = new int[1_000_001];
        int distinct = 0, left = 0;
        long total = 0;
        for (int right = 0; right < n; right++) {
            if (cnt[c[right]]++ == 0) distinct++;
            while (distinct > k) {
                if (--cnt[c[left++]] == 0) distinct--;
            }
            total += right - left + 1;
        }
        System.out.println(total);
    }
}
