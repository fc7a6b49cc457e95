import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int r = Integer.parseInt(in.readLine().trim());
        String[][] routes = new String[r][];
        for (int i = 0; i < r; i++) routes[i] = in.readLine().split(" "); // method, pattern, name
        int q = Integer.parseInt(in.readLine().trim());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < q; i++) {
            String[] request = in.readLine().split(" "); // method, path
            out.append("404\n"); // TODO: find the most specific route of this method, or 405 / 404
        }
        System.out.print(out);
    }
}
