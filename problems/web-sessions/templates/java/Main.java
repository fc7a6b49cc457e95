import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int n = Integer.parseInt(in.readLine().trim());
        for (int i = 0; i < n; i++) {
            String[] f = in.readLine().split(" ");
            String visitor = f[0];
            long timestamp = Long.parseLong(f[1]);
            String path = f[2];
            // TODO: collect the views per visitor
        }
        // TODO: per visitor: sessions and the longest one; then SESSIONS and BOUNCES
        System.out.println("SESSIONS 0");
        System.out.println("BOUNCES 0");
    }
}
