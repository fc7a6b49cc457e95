import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.StringTokenizer;

public class Main {
    /** Number of windows of codes with at most k distinct values. */
    static long countWindows(int k, int[] codes) {
        // TODO: your solution here
        return 0;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        StringTokenizer first = new StringTokenizer(in.readLine());
        int n = Integer.parseInt(first.nextToken());
        int k = Integer.parseInt(first.nextToken());
        StringTokenizer line = new StringTokenizer(in.readLine());
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) codes[i] = Integer.parseInt(line.nextToken());
        System.out.println(countWindows(k, codes));
    }
}
