import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.StringTokenizer;

public class Main {
    /** Fewest rooms for meetings [start[i], end[i]) (back-to-back meetings can share a room). */
    static int minRooms(long[] start, long[] end) {
        // TODO: your solution here
        return 0;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in), 1 << 16);
        int n = Integer.parseInt(in.readLine().trim());
        long[] start = new long[n], end = new long[n];
        for (int i = 0; i < n; i++) {
            StringTokenizer st = new StringTokenizer(in.readLine());
            start[i] = Long.parseLong(st.nextToken());
            end[i] = Long.parseLong(st.nextToken());
        }
        System.out.println(minRooms(start, end));
    }
}
